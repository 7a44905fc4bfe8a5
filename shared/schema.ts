/**
 * The Yjs document schema. Two documents per session:
 * - board (participants write): notes, groups, links;
 * - control (facilitator only): phase, timer, locks, plan items, settings.
 * Root keys live in one constant per document; records are plain typed values with a validator
 * beside each, used wherever the data is untrusted.
 */
import * as Y from 'yjs'
import { checkString, hasForbiddenKey, isPlainObject, own, type Issue, type Result } from './validate.ts'
import type { NoteId, GroupId, ParticipantId } from './ids.ts'

/** Bumped with each migration in migrations.ts. Stored in each document's `meta`. */
export const SCHEMA_VERSION = 1

export const BOARD_KEYS = {
  meta: 'meta',
  notes: 'notes',
  groups: 'groups',
  links: 'links',
  likes: 'likes',
  /** Edited versions of notes deleted while their tablet was offline (shared/trash.ts). */
  trash: 'trash',
} as const

export const CONTROL_KEYS = {
  meta: 'meta',
  phase: 'phase',
  timer: 'timer',
  locks: 'locks',
  plan: 'plan',
  settings: 'settings',
} as const

export const CANVASES = ['need', 'resource', 'action'] as const
export type Canvas = (typeof CANVASES)[number]
export const isCanvas = (v: unknown): v is Canvas => v === 'need' || v === 'resource' || v === 'action'

/**
 * Note colours, chosen from the Okabe–Ito palette's light tints so they stay apart for people with
 * colour-vision deficiencies; each also carries a label (and a pattern on the board), never colour alone.
 */
export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink', 'orange', 'purple'] as const
export type NoteColor = (typeof NOTE_COLORS)[number]
export const isNoteColor = (v: unknown): v is NoteColor => (NOTE_COLORS as readonly unknown[]).includes(v)

export const SESSION_KINDS = ['workshop', 'kondankai'] as const
export type SessionKind = (typeof SESSION_KINDS)[number]

export const NOTE_TEXT_MAX = 200
export const NICKNAME_MAX = 20
export const TITLE_MAX = 100
export const TABLE_NAME_MAX = 20
export const TABLES_MAX = 20

export type Point = { x: number; y: number }

/**
 * Kinds of local resources (地域の資源), from the councils' own taxonomy: 組織・機関 (four fields),
 * the eight kinds of コミュニティ・グループ, キーパーソン and 場所. Labels live in the i18n dictionaries.
 */
export const RESOURCE_KIND_GROUPS = {
  organization: ['org.government', 'org.welfare', 'org.health', 'org.life'],
  community: [
    'group.family',
    'group.volunteer',
    'group.professional',
    'group.health',
    'group.theme',
    'group.business',
    'group.traditional',
    'group.hobby',
  ],
  person: ['keyperson'],
  place: ['place'],
} as const
export type ResourceKind = (typeof RESOURCE_KIND_GROUPS)[keyof typeof RESOURCE_KIND_GROUPS][number]
export const RESOURCE_KINDS: readonly ResourceKind[] = Object.values(RESOURCE_KIND_GROUPS).flat()
export const isResourceKind = (v: unknown): v is ResourceKind => (RESOURCE_KINDS as readonly unknown[]).includes(v)

/** A sticky note (付箋). Stored as a Y.Map so that concurrent edits of different fields merge. */
export interface Note {
  id: NoteId
  text: string
  canvas: Canvas
  color: NoteColor
  /** Participant id of the writer (or 'facilitator'); used for own-note permissions. */
  authorId: ParticipantId | 'facilitator'
  /** The nickname chosen on joining, or '' for 匿名. Never a real name unless the person typed one. */
  authorName: string
  /** Table (グループ) name; '' when the session has one table. */
  table: string
  /** Milliseconds since the epoch, from the writer's clock (display only; never used for ordering). */
  createdAt: number
  /** One value, so that two concurrent moves end in one place rather than a mix of both. */
  pos: Point
  /** The group (表札) the note belongs to; a note without one is a 離れザル. */
  groupId?: GroupId
  /** For resource notes: the kind of resource, shown as a badge. */
  kind?: ResourceKind
  /**
   * 代筆: a table recorder wrote this for a speaker. Kept for the plan's 住民の声; never shown on the
   * projector.
   */
  speaker?: Speaker
  /** Hidden by the facilitator (moderation): not drawn for participants or on the projector. */
  hidden?: boolean
  /** A copy gathered for 全体共有 keeps where it came from. */
  origin?: Origin
  /** ギャラリーウォーク: a visitor's comment left on another table's board. */
  comment?: boolean
}

/** Where a plenary copy came from: the table and the original note or group. */
export interface Origin {
  table: string
  id: string
}

/** The reserved table of the plenary canvases (全体共有); user table names cannot start with '*'. */
export const PLENARY_TABLE = '*plenary'

function validateOrigin(value: unknown, issues: Issue[]): Origin | undefined {
  if (value === undefined) return undefined
  if (!isPlainObject(value)) {
    issues.push({ path: 'origin', message: 'must be {table, id}' })
    return undefined
  }
  const table = checkString(issues, 'origin.table', own(value, 'table'), { max: TABLE_NAME_MAX })
  const id = checkString(issues, 'origin.id', own(value, 'id'), { min: 1, max: 64 })
  return table !== undefined && id !== undefined ? { table, id } : undefined
}

export const SPEAKER_AGES = ['10代', '20代', '30代', '40代', '50代', '60代', '70代', '80代', '90代以上'] as const
export const SPEAKER_ROLES = ['住民', '民生委員', '自治会', '事業所', 'ボランティア', '行政', 'その他'] as const

export interface Speaker {
  age?: string
  area?: string
  role?: string
}

function validateSpeaker(value: unknown, issues: Issue[]): Speaker | undefined {
  if (value === undefined) return undefined
  if (!isPlainObject(value)) {
    issues.push({ path: 'speaker', message: 'must be an object' })
    return undefined
  }
  const speaker: Speaker = {}
  for (const key of ['age', 'area', 'role'] as const) {
    const v = checkString(issues, `speaker.${key}`, own(value, key), { max: TABLE_NAME_MAX, optional: true })
    if (v) speaker[key] = v
  }
  return Object.keys(speaker).length > 0 ? speaker : undefined
}

export type NoteInput = Omit<Note, 'id' | 'createdAt' | 'pos' | 'groupId' | 'hidden' | 'origin'> & { pos?: Point }

/** A KJ法 group: its title is the 表札. Member notes point to it; a child group points to its parent. */
export interface Group {
  id: GroupId
  title: string
  canvas: Canvas
  table: string
  /** Where the group's frame sits; member notes are laid out inside it, so it moves as one value. */
  pos: Point
  /** One level of nesting: a 小グループ inside a 中グループ. */
  parentId?: GroupId
  createdAt: number
  /** A copy gathered for 全体共有 keeps where it came from. */
  origin?: Origin
}

/** One end of a link: a note or a group. */
export type LinkEnd = { type: 'note'; id: NoteId } | { type: 'group'; id: GroupId }

/** A link across canvases (つなげる): a need to a resource or an action. */
export interface Link {
  id: string
  from: LinkEnd
  to: LinkEnd
  createdAt: number
}

export const GROUP_TITLE_MAX = 60

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

export function validatePoint(value: unknown, issues: Issue[], path: string): Point | undefined {
  if (!isPlainObject(value) || !isFiniteNumber(own(value, 'x')) || !isFiniteNumber(own(value, 'y'))) {
    issues.push({ path, message: 'must be {x, y} with finite numbers' })
    return undefined
  }
  return { x: own(value, 'x') as number, y: own(value, 'y') as number }
}

/** Validates a note record read from a document or received from a client. */
export function validateNote(value: unknown): Result<Note> {
  const issues: Issue[] = []
  if (!isPlainObject(value) || hasForbiddenKey(value)) {
    return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  }
  const id = checkString(issues, 'id', own(value, 'id'), { min: 1, max: 64 })
  const text = checkString(issues, 'text', own(value, 'text'), { min: 1, max: NOTE_TEXT_MAX })
  const canvas = own(value, 'canvas')
  if (!isCanvas(canvas)) issues.push({ path: 'canvas', message: 'unknown canvas' })
  const color = own(value, 'color')
  if (!isNoteColor(color)) issues.push({ path: 'color', message: 'unknown colour' })
  const authorId = checkString(issues, 'authorId', own(value, 'authorId'), { min: 1, max: 64 })
  const authorName = checkString(issues, 'authorName', own(value, 'authorName'), { max: NICKNAME_MAX })
  const table = checkString(issues, 'table', own(value, 'table'), { max: TABLE_NAME_MAX })
  const createdAt = own(value, 'createdAt')
  if (!isFiniteNumber(createdAt)) issues.push({ path: 'createdAt', message: 'must be a number' })
  const pos = validatePoint(own(value, 'pos'), issues, 'pos')
  const groupId = checkString(issues, 'groupId', own(value, 'groupId'), { max: 64, optional: true })
  const kind = own(value, 'kind')
  if (kind !== undefined && !isResourceKind(kind)) issues.push({ path: 'kind', message: 'unknown resource kind' })
  const speaker = validateSpeaker(own(value, 'speaker'), issues)
  const hidden = own(value, 'hidden')
  const origin = validateOrigin(own(value, 'origin'), issues)
  const comment = own(value, 'comment')
  if (issues.length > 0) return { ok: false, issues }
  const note: Note = {
    id: id as NoteId,
    text: text!,
    canvas: canvas as Canvas,
    color: color as NoteColor,
    authorId: authorId as ParticipantId,
    authorName: authorName!,
    table: table!,
    createdAt: createdAt as number,
    pos: pos!,
  }
  if (groupId) note.groupId = groupId as GroupId
  if (kind !== undefined && canvas === 'resource') note.kind = kind as ResourceKind
  if (speaker) note.speaker = speaker
  if (hidden === true) note.hidden = true
  if (origin) note.origin = origin
  if (comment === true) note.comment = true
  return { ok: true, value: note }
}

export function validateGroup(value: unknown): Result<Group> {
  const issues: Issue[] = []
  if (!isPlainObject(value) || hasForbiddenKey(value)) {
    return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  }
  const id = checkString(issues, 'id', own(value, 'id'), { min: 1, max: 64 })
  const title = checkString(issues, 'title', own(value, 'title'), { max: GROUP_TITLE_MAX })
  const canvas = own(value, 'canvas')
  if (!isCanvas(canvas)) issues.push({ path: 'canvas', message: 'unknown canvas' })
  const table = checkString(issues, 'table', own(value, 'table'), { max: TABLE_NAME_MAX })
  const pos = validatePoint(own(value, 'pos'), issues, 'pos')
  const parentId = checkString(issues, 'parentId', own(value, 'parentId'), { max: 64, optional: true })
  const createdAt = own(value, 'createdAt')
  if (!isFiniteNumber(createdAt)) issues.push({ path: 'createdAt', message: 'must be a number' })
  if (issues.length > 0) return { ok: false, issues }
  const group: Group = { id: id as GroupId, title: title!, canvas: canvas as Canvas, table: table!, pos: pos!, createdAt: createdAt as number }
  if (parentId && parentId !== id) group.parentId = parentId as GroupId
  const origin = validateOrigin(own(value, 'origin'), issues)
  if (origin) group.origin = origin
  return { ok: true, value: group }
}

function validateLinkEnd(value: unknown, issues: Issue[], path: string): LinkEnd | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path, message: 'must be {type, id}' })
    return undefined
  }
  const type = own(value, 'type')
  const id = checkString(issues, `${path}.id`, own(value, 'id'), { min: 1, max: 64 })
  if (type !== 'note' && type !== 'group') issues.push({ path: `${path}.type`, message: 'must be note or group' })
  if (!id || (type !== 'note' && type !== 'group')) return undefined
  return type === 'note' ? { type, id: id as NoteId } : { type, id: id as GroupId }
}

export function validateLink(value: unknown): Result<Link> {
  const issues: Issue[] = []
  if (!isPlainObject(value) || hasForbiddenKey(value)) {
    return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  }
  const id = checkString(issues, 'id', own(value, 'id'), { min: 1, max: 140 })
  const from = validateLinkEnd(own(value, 'from'), issues, 'from')
  const to = validateLinkEnd(own(value, 'to'), issues, 'to')
  const createdAt = own(value, 'createdAt')
  if (!isFiniteNumber(createdAt)) issues.push({ path: 'createdAt', message: 'must be a number' })
  if (issues.length > 0) return { ok: false, issues }
  return { ok: true, value: { id: id!, from: from!, to: to!, createdAt: createdAt as number } }
}

// ---- typed accessors over a Y.Doc ----

export const notesMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(BOARD_KEYS.notes)
export const groupsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(BOARD_KEYS.groups)
/** Links are immutable records: a plain value per key. */
export const linksMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD_KEYS.links)
export const boardMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD_KEYS.meta)
export const controlMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.meta)

/**
 * Reads a note's Y.Map into a plain record; returns undefined when the stored record is invalid. Its id is
 * the key it is stored under (older boards also hold it as a field; the key counts); an absent authorName
 * is 匿名 ('').
 */
export function readNote(ymap: Y.Map<unknown>): Note | undefined {
  const key = ymap._item?.parentSub
  if (typeof key !== 'string') return undefined
  const result = validateNote(noteRecord(ymap.toJSON(), key))
  return result.ok ? result.value : undefined
}

/** A note's fields as stored, with what the map leaves out put back: its id (the key) and authorName ''. */
export const noteRecord = (fields: Record<string, unknown>, key: string): Record<string, unknown> => ({ authorName: '', ...fields, id: key })

/**
 * A note as its Y.Map: every field but its id (the key it is stored under) and an empty authorName, so a
 * thousand-note board is 2,000 Yjs items fewer to send, store and apply (bench B5).
 */
export function noteToYMap(note: Note): Y.Map<unknown> {
  const { id: _id, ...fields } = note
  return toYMap(fields.authorName === '' ? { ...fields, authorName: undefined } : fields)
}

export function readGroup(ymap: Y.Map<unknown>): Group | undefined {
  const result = validateGroup(ymap.toJSON())
  return result.ok ? result.value : undefined
}

/** Writes a record's fields into a fresh Y.Map (one per note or group, so fields merge independently). */
export function toYMap(record: object): Y.Map<unknown> {
  const ymap = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(record)) if (value !== undefined) ymap.set(key, value)
  return ymap
}
