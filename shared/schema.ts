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
  groupId?: GroupId
}

export type NoteInput = Omit<Note, 'id' | 'createdAt' | 'pos'> & { pos?: Point }

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
  if (groupId !== undefined) note.groupId = groupId as GroupId
  return { ok: true, value: note }
}

// ---- typed accessors over a Y.Doc ----

export const notesMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(BOARD_KEYS.notes)
export const boardMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD_KEYS.meta)
export const controlMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.meta)

/** Reads a note's Y.Map into a plain record; returns undefined when the stored record is invalid. */
export function readNote(ymap: Y.Map<unknown>): Note | undefined {
  const result = validateNote(ymap.toJSON())
  return result.ok ? result.value : undefined
}
