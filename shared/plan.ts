/**
 * Plan items (計画案) in the control document: the draft items of a 地域福祉活動計画 that the facilitator
 * makes from the groups on the board. Each item is a Y.Map with one key per field, so two devices of the
 * facilitator editing different fields merge. Pure functions over a Y.Doc and over board snapshots,
 * shared by the facilitator's page, the projector, the tablets and the server's exports.
 */
import * as Y from 'yjs'
import { CONTROL_KEYS, type Canvas, type LinkEnd, type Note, type Group } from './schema.ts'
import type { BoardSnapshot } from './board.ts'
import { linkedTo, sameEnd } from './ops/links.ts'
import { randomId } from './ids.ts'
import type { MessageKey } from './i18n/index.ts'
import { charLength, checkString, cutChars, hasForbiddenKey, isPlainObject, own, type Issue, type Result } from './validate.ts'

/** 5W2H, in the order the councils write it. */
export const W5H2_KEYS = ['why', 'who', 'where', 'when', 'what', 'how', 'howMuch'] as const
export type W5H2Key = (typeof W5H2_KEYS)[number]
export type W5H2 = Record<W5H2Key, string>

/** The free-text fields, in the order of the councils' plan sheets. */
export const PLAN_TEXT_KEYS = ['title', 'goal', 'needs', 'voices', 'resources', 'actions'] as const
export type PlanTextKey = (typeof PLAN_TEXT_KEYS)[number]

/** 区分: 新規 or 拡充. '' while undecided. */
export const PLAN_DIVISIONS = ['new', 'expand'] as const
export type PlanDivision = (typeof PLAN_DIVISIONS)[number]
/** 圏域, from the smallest circle to the whole municipality. */
export const PLAN_AREAS = ['han', 'jichikai', 'elementary', 'junior', 'city'] as const
export type PlanArea = (typeof PLAN_AREAS)[number]
/** 状態: 案／合意／保留. */
export const PLAN_STATUSES = ['draft', 'agreed', 'onHold'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

export const SCORE_MIN = 1
export const SCORE_MAX = 5
/** Where an unrated item lands on the axis not yet set, once the other one is: the middle. */
export const SCORE_MIDDLE = 3
export const PLAN_TITLE_MAX = 100
export const PLAN_FIELD_MAX = 4000
export const PLAN_ITEMS_MAX = 200

export interface PlanItem {
  id: string
  /** 取り組み名 */
  title: string
  /** 地域の目標 */
  goal: string
  /** 背景となるニーズ */
  needs: string
  /** 住民の声 */
  voices: string
  /** 活用する資源・連携先 */
  resources: string
  /** 具体的な取り組み */
  actions: string
  w5h2: W5H2
  division: PlanDivision | ''
  /** 分類: one of the session's categories (free text, so renaming a category keeps old items readable). */
  category: string
  area: PlanArea | ''
  /**
   * 夢の明るさ・波及効果, 1–5 (up on the matrix); null while 未評価. An item is rated on both axes or on
   * neither: a new item is not rated (a default score would put it on the matrix as if the meeting had
   * decided it), and setting one axis of an unrated item sets the other to the middle (SCORE_MIDDLE).
   * Stored as a missing key, so items saved before 未評価 existed keep the scores they were given.
   */
  impact: number | null
  /** 実現可能性, 1–5 (right on the matrix); null while 未評価 (see impact). */
  feasibility: number | null
  status: PlanStatus
  /** The groups and notes it was drafted from (traceability). */
  sources: LinkEnd[]
  createdAt: number
}

export type PlanPatch = Partial<Omit<PlanItem, 'id' | 'createdAt' | 'w5h2'>> & { w5h2?: Partial<W5H2> }

const EMPTY_W5H2: W5H2 = { why: '', who: '', where: '', when: '', what: '', how: '', howMuch: '' }

export function emptyPlanItem(id: string, createdAt: number): PlanItem {
  return {
    id,
    title: '',
    goal: '',
    needs: '',
    voices: '',
    resources: '',
    actions: '',
    w5h2: { ...EMPTY_W5H2 },
    division: '',
    category: '',
    area: '',
    impact: null,
    feasibility: null,
    status: 'draft',
    sources: [],
    createdAt,
  }
}

const planMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(CONTROL_KEYS.plan)
/** Server-written: itemId → number of 賛成 (the ballots stay in SQLite). */
const agreeMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('planAgree')
const phaseMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.phase)

const clampScore = (n: number): number => Math.min(SCORE_MAX, Math.max(SCORE_MIN, Math.round(n)))
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= SCORE_MIN && v <= SCORE_MAX
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => (list as readonly unknown[]).includes(v)

function validateSources(value: unknown, issues: Issue[]): LinkEnd[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > 500) {
    issues.push({ path: 'sources', message: 'must be a list of {type, id}' })
    return []
  }
  const out: LinkEnd[] = []
  for (const end of value) {
    if (!isPlainObject(end) || hasForbiddenKey(end)) continue
    const type = own(end, 'type')
    const id = own(end, 'id')
    if ((type === 'note' || type === 'group') && typeof id === 'string' && id.length > 0 && id.length <= 64) out.push({ type, id } as LinkEnd)
  }
  return out
}

/**
 * Validates a plan item from its flat stored form (one key per field, 5W2H keys at the top level) or
 * from an untrusted body. Unknown values fall back to the defaults rather than losing the item.
 */
export function validatePlanItem(value: unknown): Result<PlanItem> {
  const issues: Issue[] = []
  if (!isPlainObject(value) || hasForbiddenKey(value)) return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  const id = checkString(issues, 'id', own(value, 'id'), { min: 1, max: 64 })
  const createdAt = own(value, 'createdAt')
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) issues.push({ path: 'createdAt', message: 'must be a number' })
  if (issues.length > 0) return { ok: false, issues }
  const item = emptyPlanItem(id!, createdAt as number)
  for (const key of PLAN_TEXT_KEYS) {
    const v = checkString(issues, key, own(value, key), { max: key === 'title' ? PLAN_TITLE_MAX : PLAN_FIELD_MAX, optional: true })
    if (v !== undefined) item[key] = v
  }
  const nested = own(value, 'w5h2')
  for (const key of W5H2_KEYS) {
    const raw = isPlainObject(nested) && !hasForbiddenKey(nested) ? own(nested, key) : own(value, key)
    const v = checkString(issues, key, raw, { max: PLAN_FIELD_MAX, optional: true })
    if (v !== undefined) item.w5h2[key] = v
  }
  const division = own(value, 'division')
  if (oneOf(PLAN_DIVISIONS, division)) item.division = division
  const area = own(value, 'area')
  if (oneOf(PLAN_AREAS, area)) item.area = area
  const status = own(value, 'status')
  if (oneOf(PLAN_STATUSES, status)) item.status = status
  const category = checkString(issues, 'category', own(value, 'category'), { max: 60, optional: true })
  if (category !== undefined) item.category = category
  // Both axes or neither: a lone score (a damaged item) is completed with the middle, as setting one axis does.
  const impact = own(value, 'impact')
  const feasibility = own(value, 'feasibility')
  if (isScore(impact) || isScore(feasibility)) {
    item.impact = isScore(impact) ? impact : SCORE_MIDDLE
    item.feasibility = isScore(feasibility) ? feasibility : SCORE_MIDDLE
  }
  item.sources = validateSources(own(value, 'sources'), issues)
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: item }
}

/** The flat stored form of a (possibly partial) item: 5W2H keys beside the others. */
function flatten(patch: PlanPatch | PlanItem): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (key === 'w5h2') {
      for (const [k, v] of Object.entries(value as Partial<W5H2>)) if (oneOf(W5H2_KEYS, k) && typeof v === 'string') out[k] = v
    } else if (key === 'impact' || key === 'feasibility') {
      // 未評価 is stored as no key at all.
      if (typeof value === 'number') out[key] = clampScore(value)
    } else out[key] = value
  }
  return out
}

export function listPlanItems(doc: Y.Doc): PlanItem[] {
  const out: PlanItem[] = []
  planMap(doc).forEach((ymap, key) => {
    if (!(ymap instanceof Y.Map)) return
    const result = validatePlanItem({ ...ymap.toJSON(), id: key })
    if (result.ok) out.push(result.value)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function getPlanItem(doc: Y.Doc, id: string): PlanItem | undefined {
  return listPlanItems(doc).find((item) => item.id === id)
}

export function addPlanItem(doc: Y.Doc, draft: PlanPatch, origin: unknown = null, now = Date.now()): PlanItem {
  const item: PlanItem = { ...emptyPlanItem(`pl_${randomId(10)}`, now), ...draft, w5h2: { ...EMPTY_W5H2, ...draft.w5h2 } } as PlanItem
  const checked = validatePlanItem(flatten(item))
  const clean = checked.ok ? checked.value : emptyPlanItem(item.id, now)
  const ymap = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(flatten(clean))) if (key !== 'id') ymap.set(key, value)
  doc.transact(() => planMap(doc).set(clean.id, ymap), origin)
  return clean
}

/** Whether an item has been placed on the matrix (both scores set). */
export const isRated = (item: Pick<PlanItem, 'impact' | 'feasibility'>): item is { impact: number; feasibility: number } => item.impact !== null && item.feasibility !== null

/**
 * Writes only the fields given; each is checked, and a value that does not fit is left out. Setting one
 * score of an unrated item sets the other to the middle, so the item lands on the matrix.
 */
export function updatePlanItem(doc: Y.Doc, id: string, patch: PlanPatch, origin: unknown = null): void {
  const ymap = planMap(doc).get(id)
  if (!(ymap instanceof Y.Map)) return
  const flat = flatten(patch)
  const one = (key: 'impact' | 'feasibility', other: 'impact' | 'feasibility') => {
    if (flat[key] !== undefined && flat[other] === undefined && !isScore(ymap.get(other))) flat[other] = SCORE_MIDDLE
  }
  one('impact', 'feasibility')
  one('feasibility', 'impact')
  const checked = validatePlanItem({ ...ymap.toJSON(), ...flat, id })
  if (!checked.ok) return
  const clean = flatten(checked.value)
  doc.transact(() => {
    for (const [key, value] of Object.entries(flat)) {
      // Only values the check kept as given (a bad one would come back as the default).
      if (key === 'id' || key === 'createdAt' || JSON.stringify(clean[key]) !== JSON.stringify(value)) continue
      if (JSON.stringify(ymap.get(key)) !== JSON.stringify(value)) ymap.set(key, value)
    }
  }, origin)
}

/**
 * 未評価に戻す: takes the item off the matrix (a mis-tap, or 「これはまだ決めないでおこう」). Both scores go
 * in one transaction, as an item is rated on both axes or on neither. A score set at the same time on
 * another laptop survives the merge alone, and reads as rated with the middle on the other axis.
 */
export function unratePlanItem(doc: Y.Doc, id: string, origin: unknown = null): void {
  const ymap = planMap(doc).get(id)
  if (!(ymap instanceof Y.Map)) return
  doc.transact(() => {
    ymap.delete('impact')
    ymap.delete('feasibility')
  }, origin)
}

export function deletePlanItem(doc: Y.Doc, id: string, origin: unknown = null): void {
  doc.transact(() => planMap(doc).delete(id), origin)
}

// ---- 賛成 (written by the server, which holds who agreed) ----

export function readPlanAgree(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {}
  agreeMap(doc).forEach((value, key) => {
    if (typeof value === 'number' && value > 0) out[key] = value
  })
  return out
}

export function writePlanAgree(doc: Y.Doc, itemId: string, count: number, origin: unknown = 'server'): void {
  doc.transact(() => agreeMap(doc).set(itemId, count), origin)
}

/** Whether the facilitator has opened the plan for 賛成. */
export const readPlanOpen = (doc: Y.Doc): boolean => phaseMap(doc).get('planOpen') === true

export function setPlanOpen(doc: Y.Doc, open: boolean, origin: unknown = null): void {
  doc.transact(() => phaseMap(doc).set('planOpen', open), origin)
}

/** What the projector shows: the board (default), the plan items, or the priority matrix. */
export const PLAN_SCREENS = ['board', 'plan', 'matrix'] as const
export type PlanScreen = (typeof PLAN_SCREENS)[number]

export const readScreen = (doc: Y.Doc): PlanScreen => {
  const v = phaseMap(doc).get('screen')
  return oneOf(PLAN_SCREENS, v) ? v : 'board'
}

export function setScreen(doc: Y.Doc, screen: PlanScreen, origin: unknown = null): void {
  doc.transact(() => phaseMap(doc).set('screen', screen), origin)
}

/** The plan item the facilitator last chose while the plan was on the projector, which brings it into view there. */
export const readPlanFocus = (doc: Y.Doc): string | null => {
  const v = phaseMap(doc).get('planFocus')
  return typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null
}

export function setPlanFocus(doc: Y.Doc, itemId: string | null, origin: unknown = null): void {
  doc.transact(() => phaseMap(doc).set('planFocus', itemId ?? ''), origin)
}

/** Everything a page needs about the plan, read in one go from the control document. */
export interface PlanState {
  items: PlanItem[]
  agree: Record<string, number>
  open: boolean
  screen: PlanScreen
  focus: string | null
}

export const EMPTY_PLAN: PlanState = { items: [], agree: {}, open: false, screen: 'board', focus: null }

export const readPlanState = (doc: Y.Doc): PlanState => ({ items: listPlanItems(doc), agree: readPlanAgree(doc), open: readPlanOpen(doc), screen: readScreen(doc), focus: readPlanFocus(doc) })

// ---- drafting from the board ----


/** A group's notes, its 小グループ's notes included, in board order. */
export function notesOfGroup(board: BoardSnapshot, groupId: string): Note[] {
  const ids = new Set([groupId, ...board.groups.filter((g) => g.parentId === groupId).map((g) => g.id as string)])
  return board.notes.filter((n) => n.groupId !== undefined && ids.has(n.groupId))
}

/** Everything an end stands for: the group with its notes, or the single note. */
function resolveEnd(board: BoardSnapshot, end: LinkEnd): { canvas: Canvas; group?: Group; notes: Note[] } | undefined {
  if (end.type === 'group') {
    const group = board.groups.find((g) => g.id === end.id)
    return group ? { canvas: group.canvas, group, notes: notesOfGroup(board, group.id) } : undefined
  }
  const note = board.notes.find((n) => n.id === end.id)
  return note ? { canvas: note.canvas, notes: [note] } : undefined
}

/**
 * The ends linked (つなげる) to a group, to any of its 小グループ, or to any of its notes. A 全体共有 copy
 * has no links of its own (its resources and actions stay on its table's canvases): what is linked to the
 * group or note it came from counts for it, as a plan item citing either counts for both (planGaps).
 */
function linkedEnds(board: BoardSnapshot, source: LinkEnd): LinkEnd[] {
  const resolved = resolveEnd(board, source)
  if (!resolved) return []
  const own: LinkEnd[] = [source]
  const withOrigin = (type: LinkEnd['type'], at: { id: string; origin?: { id: string } }) => {
    own.push({ type, id: at.id } as LinkEnd)
    if (at.origin) own.push({ type, id: at.origin.id } as LinkEnd)
  }
  if (resolved.group?.origin) own.push({ type: 'group', id: resolved.group.origin.id } as LinkEnd)
  for (const n of resolved.notes) withOrigin('note', n)
  if (source.type === 'group') for (const g of board.groups) if (g.parentId === source.id) withOrigin('group', g)
  const out: LinkEnd[] = []
  for (const end of own) for (const other of linkedTo(board.links, end)) if (!out.some((e) => sameEnd(e, other)) && !own.some((e) => sameEnd(e, other))) out.push(other)
  return out
}

/** How a prefilled item words its lists; from the dictionary, so the plan reads in the session's language. */
export interface DraftWording {
  votes: (n: number) => string
  kind: (kind: string) => string
  /** '70代・住民' from a 代筆 note's speaker. */
  speaker: (parts: string[]) => string
  /** The last line of a list cut to fit a field: 「ほか12件（ボードの付箋をご覧ください）」. */
  more: (n: number) => string
}

/** The wording from a dictionary lookup (the page's `t`, or `translate` with a language on the server). */
export const draftWording = (tr: (key: MessageKey, params?: Record<string, string | number>) => string): DraftWording => ({
  votes: (n) => tr('plan.voteCount', { n }),
  kind: (kind) => tr(`kind.${kind}` as MessageKey),
  speaker: (parts) => parts.join('・'),
  more: (n) => tr('plan.draftMore', { n }),
})

const bullet = (line: string): string => `・${line}`

/**
 * A field's lines, as many as fit in PLAN_FIELD_MAX characters with a last line saying how many did not: a
 * large group (30 notes of 200 characters) would otherwise fail the item's check, and 計画案にする made an
 * empty item instead. The notes left out stay in the item's sources and on the board.
 */
function fitField(lines: readonly string[], wording: DraftWording): string {
  let used = 0
  for (let i = 0; i < lines.length; i++) {
    const more = i + 1 < lines.length ? 1 + charLength(bullet(wording.more(lines.length - i - 1))) : 0
    used += (i > 0 ? 1 : 0) + charLength(lines[i]!)
    if (used + more > PLAN_FIELD_MAX) return [...lines.slice(0, i), bullet(wording.more(lines.length - i))].join('\n')
  }
  return lines.join('\n')
}

function describeSpeaker(note: Note, wording: DraftWording): string {
  const parts = [note.speaker?.age, note.speaker?.role, note.speaker?.area].filter((p): p is string => Boolean(p))
  return parts.length > 0 ? wording.speaker(parts) : ''
}

/** One line for a linked resource or action: 表札 and notes, or the note (with its kind for resources). */
function describeLinked(board: BoardSnapshot, end: LinkEnd, wording: DraftWording): string | undefined {
  const resolved = resolveEnd(board, end)
  if (!resolved) return undefined
  const noteText = (n: Note) => (n.kind ? `${n.text}（${wording.kind(n.kind)}）` : n.text)
  // A hidden note (it may name a person) stays out of the plan, as it does from the needs and the exports.
  const notes = resolved.notes.filter((n) => !n.hidden)
  if (resolved.group) {
    const title = resolved.group.title.trim()
    const list = notes.map(noteText).join('、')
    return title ? (list ? `${title}：${list}` : title) : list
  }
  return notes[0] ? noteText(notes[0]) : undefined
}

/**
 * 計画案にする: a draft from a need group (or a single note). 取り組み名 from the 表札; 背景となるニーズ
 * and 住民の声 from the notes, most-voted first, with vote totals and 代筆 speakers; 活用する資源・連携先
 * and 具体的な取り組み from what is linked to it. Hidden notes are left out. Everything stays editable.
 */
export function draftPlanItem(board: BoardSnapshot, source: LinkEnd, votes: Readonly<Record<string, number>>, wording: DraftWording): PlanPatch | undefined {
  const resolved = resolveEnd(board, source)
  if (!resolved) return undefined
  const notes = resolved.notes
    .filter((n) => !n.hidden)
    .map((n, i) => ({ n, i, v: votes[n.id] ?? 0 }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
  // Cut between characters: cut in UTF-16 units, an emoji or 𠮷 at the edge left half of itself (�).
  const title = cutChars(resolved.group?.title.trim() || notes[0]?.n.text || '', PLAN_TITLE_MAX)
  const needs = notes.map(({ n, v }) => bullet(v > 0 ? `${n.text}（${wording.votes(v)}）` : n.text))
  const voices = notes.map(({ n }) => {
    const who = describeSpeaker(n, wording)
    return bullet(who ? `「${n.text}」（${who}）` : `「${n.text}」`)
  })
  const resources: string[] = []
  const actions: string[] = []
  const sources: LinkEnd[] = [source, ...notes.map(({ n }) => ({ type: 'note', id: n.id }) as LinkEnd)]
  for (const end of linkedEnds(board, source)) {
    const line = describeLinked(board, end, wording)
    const canvas = resolveEnd(board, end)?.canvas
    if (!line || !canvas) continue
    if (canvas === 'resource') resources.push(bullet(line))
    else if (canvas === 'action') actions.push(bullet(line))
    else continue
    sources.push(end)
  }
  const why = resolved.group?.title.trim() || notes[0]?.n.text || ''
  return {
    title,
    needs: fitField([resolved.group?.title.trim() ? `【${resolved.group.title.trim()}】` : '', ...needs].filter(Boolean), wording),
    voices: fitField(voices, wording),
    resources: fitField(resources, wording),
    actions: fitField(actions, wording),
    w5h2: { why },
    sources,
  }
}

/** The plan items that cite a note (directly, or through its group). */
export function citingItems(items: readonly PlanItem[], note: Pick<Note, 'id' | 'groupId'>, board?: BoardSnapshot): PlanItem[] {
  const parentId = note.groupId ? board?.groups.find((g) => g.id === note.groupId)?.parentId : undefined
  const ends: LinkEnd[] = [{ type: 'note', id: note.id } as LinkEnd]
  if (note.groupId) ends.push({ type: 'group', id: note.groupId } as LinkEnd)
  if (parentId) ends.push({ type: 'group', id: parentId } as LinkEnd)
  return items.filter((item) => item.sources.some((s) => ends.some((e) => sameEnd(e, s))))
}

export interface PlanGap {
  group: Group
  noteCount: number
  noResource: boolean
  noAction: boolean
  noPlan: boolean
}

/** 抜けの確認: need groups with no linked resource, no linked action, or no plan item. */
export function planGaps(board: BoardSnapshot, items: readonly PlanItem[]): PlanGap[] {
  const out: PlanGap[] = []
  for (const group of board.groups) {
    if (group.canvas !== 'need' || (group.parentId && board.groups.some((g) => g.id === group.parentId))) continue
    const source: LinkEnd = { type: 'group', id: group.id } as LinkEnd
    // What a draft would list (describeLinked): a hidden note linked alone is not the group's resource or action.
    const shown = linkedEnds(board, source).map((e) => resolveEnd(board, e)).filter((r) => r && (r.group?.title.trim() || r.notes.some((n) => !n.hidden)))
    const canvases = new Set(shown.map((r) => r?.canvas))
    const notes = notesOfGroup(board, group.id)
    // A plenary copy and the table's group it came from stand for the same need.
    const kin = new Set<string>([group.id, ...(group.origin ? [group.origin.id] : []), ...board.groups.filter((g) => g.origin?.id === group.id).map((g) => g.id as string)])
    const cited = items.some((item) => item.sources.some((s) => (s.type === 'group' && kin.has(s.id)) || (s.type === 'note' && notes.some((n) => n.id === s.id))))
    const gap = { group, noteCount: notes.length, noResource: !canvases.has('resource'), noAction: !canvases.has('action'), noPlan: !cited }
    if (gap.noResource || gap.noAction || gap.noPlan) out.push(gap)
  }
  return out
}

/** Every field of an item as label and value, in the order of the councils' plan sheets (exports, print). */
export function planFieldRows(item: PlanItem, tr: (key: MessageKey, params?: Record<string, string | number>) => string, agree: number): Array<[string, string | number]> {
  return [
    [tr('plan.field.title'), item.title],
    [tr('plan.field.goal'), item.goal],
    [tr('plan.field.needs'), item.needs],
    [tr('plan.field.voices'), item.voices],
    [tr('plan.field.resources'), item.resources],
    [tr('plan.field.actions'), item.actions],
    ...W5H2_KEYS.map((k) => [tr(`plan.w5h2.${k}`), item.w5h2[k]] as [string, string]),
    [tr('plan.field.category'), item.category || tr('plan.uncategorized')],
    [tr('plan.field.division'), item.division ? tr(`plan.division.${item.division}`) : tr('plan.unset')],
    [tr('plan.field.area'), item.area ? tr(`plan.area.${item.area}`) : tr('plan.unset')],
    [tr('plan.field.impact'), item.impact ?? tr('plan.unrated')],
    [tr('plan.field.feasibility'), item.feasibility ?? tr('plan.unrated')],
    [tr('plan.field.status'), tr(`plan.status.${item.status}`)],
    [tr('export.col.agree'), agree],
  ]
}

/** Items by 分類 in the session's order of categories (others after, then 未分類), each by 区分 then age. */
export function itemsByCategory(items: readonly PlanItem[], categories: readonly string[]): Array<{ category: string; items: PlanItem[] }> {
  const order = [...categories, ...new Set(items.map((i) => i.category).filter((c) => c && !categories.includes(c))), '']
  const divisionRank = (d: PlanItem['division']) => (d === 'new' ? 0 : d === 'expand' ? 1 : 2)
  return order
    .map((category) => ({
      category,
      items: items.filter((i) => i.category === category).sort((a, b) => divisionRank(a.division) - divisionRank(b.division) || a.createdAt - b.createdAt),
    }))
    .filter((g) => g.items.length > 0)
}
