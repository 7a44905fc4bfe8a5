/**
 * The control document (facilitator-only writes): the steps and the current one, the timer, what
 * everyone's screen shows (みんなの画面を合わせる), and settings such as the plan categories.
 * Pure functions over a Y.Doc, like the board operations.
 */
import * as Y from 'yjs'
import { CANVASES, CONTROL_KEYS, isCanvas, type Canvas } from './schema.ts'
import { TEMPLATES, type StepInput, type TemplateId } from './templates.ts'
import { randomId } from './ids.ts'
import { hasForbiddenKey, isPlainObject, own } from './validate.ts'

export interface Step extends StepInput {
  id: string
}

export type TimerStatus = 'idle' | 'running' | 'paused'

/** Times are the server's clock (ms); devices convert with their measured offset, never their own clock. */
export interface TimerState {
  status: TimerStatus
  /** While running: when it ends. */
  endsAt: number
  /** While paused or idle: what is left. */
  remainingMs: number
  /** The length it was started with (for the progress ring). */
  durationMs: number
}

/** What the facilitator asked every screen to show. `at` changes each time, so tablets follow again. */
export interface SharedView {
  canvas: Canvas | 'all'
  table: string
  at: number
  /** The part of the canvas the facilitator was looking at (board coordinates), for the projector's zoom. */
  focus?: Focus
}

export interface Focus {
  cx: number
  cy: number
  /** How much of the canvas was visible across (board units). */
  width: number
}

const isFocus = (v: unknown): v is Focus =>
  isPlainObject(v) && [own(v, 'cx'), own(v, 'cy'), own(v, 'width')].every((n) => typeof n === 'number' && Number.isFinite(n)) && (own(v, 'width') as number) > 0

/** ロック: while locked, the server refuses participants' writes there. */
export interface LockState {
  board: boolean
  canvases: Canvas[]
}

/** シール投票. Ballots live on the server (it checks each person's dots); only totals are published here. */
export interface VoteState {
  /** A new id for each vote, so dots of an earlier vote do not count. */
  roundId: string
  status: 'open' | 'closed'
  canvas: Canvas
  dots: number
  onePerNote: boolean
  /** Show totals while the vote is open (otherwise only after it closes). */
  live: boolean
  /** noteId → number of dots; published while open only when live. */
  totals: Record<string, number>
}

export interface ControlSnapshot {
  /** ギャラリーウォーク: participants may visit other tables, like notes and leave comment notes there. */
  gallery: boolean
  steps: Step[]
  currentStepId: string | null
  /** When the current step began (server clock; 0 when unknown). */
  stepAt: number
  currentStep: Step | null
  timer: TimerState
  view: SharedView | null
  categories: string[]
  templateId: TemplateId | null
  locks: LockState
  vote: VoteState | null
}

const IDLE: TimerState = { status: 'idle', endsAt: 0, remainingMs: 0, durationMs: 0 }

const stepsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('steps')
const phaseMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.phase)
const timerMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.timer)
const settingsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.settings)
const locksMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(CONTROL_KEYS.locks)

export function readLocks(doc: Y.Doc): LockState {
  const locks = locksMap(doc)
  return { board: locks.get('board') === true, canvases: CANVASES.filter((c) => locks.get(c) === true) }
}

export function setLock(doc: Y.Doc, target: 'board' | Canvas, locked: boolean, origin: unknown = null): void {
  doc.transact(() => locksMap(doc).set(target, locked), origin)
}

function readStep(value: unknown): Step | null {
  if (!isPlainObject(value) || hasForbiddenKey(value)) return null
  const id = own(value, 'id')
  const name = own(value, 'name')
  const instruction = own(value, 'instruction')
  const canvas = own(value, 'canvas')
  if (typeof id !== 'string' || typeof name !== 'string' || typeof instruction !== 'string' || !isCanvas(canvas)) return null
  const step: Step = { id, name, instruction, canvas }
  if (own(value, 'private') === true) step.private = true
  const minutes = own(value, 'minutes')
  if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0) step.minutes = minutes
  return step
}

const newStep = (input: StepInput): Step => ({ ...input, id: `s_${randomId(10)}` })

/** Sets a new session's control document up from a template. */
export function initControl(doc: Y.Doc, templateId: TemplateId, origin: unknown = 'server'): void {
  const template = TEMPLATES[templateId]
  doc.transact(() => {
    const steps = template.steps.map(newStep)
    stepsArray(doc).insert(0, steps)
    phaseMap(doc).set('current', steps[0]?.id ?? null)
    settingsMap(doc).set('categories', [...template.categories])
    settingsMap(doc).set('template', templateId)
    for (const [k, v] of Object.entries(IDLE)) timerMap(doc).set(k, v)
  }, origin)
}

export function readControl(doc: Y.Doc): ControlSnapshot {
  const steps = stepsArray(doc).toArray().map(readStep).filter((s): s is Step => s !== null)
  const current = phaseMap(doc).get('current')
  const currentStep = steps.find((s) => s.id === current) ?? steps[0] ?? null
  const t = timerMap(doc)
  const num = (key: string) => (typeof t.get(key) === 'number' ? (t.get(key) as number) : 0)
  const status = t.get('status')
  const timer: TimerState = {
    status: status === 'running' || status === 'paused' ? status : 'idle',
    endsAt: num('endsAt'),
    remainingMs: num('remainingMs'),
    durationMs: num('durationMs'),
  }
  const v = phaseMap(doc).get('view')
  let view: SharedView | null = null
  if (isPlainObject(v) && (isCanvas(own(v, 'canvas')) || own(v, 'canvas') === 'all') && typeof own(v, 'table') === 'string' && typeof own(v, 'at') === 'number') {
    view = { canvas: own(v, 'canvas') as Canvas | 'all', table: own(v, 'table') as string, at: own(v, 'at') as number }
    const focus = own(v, 'focus')
    if (isFocus(focus)) view.focus = { cx: focus.cx, cy: focus.cy, width: focus.width }
  }
  const categories = settingsMap(doc).get('categories')
  const template = settingsMap(doc).get('template')
  const stepAt = phaseMap(doc).get('stepAt')
  return {
    gallery: readGallery(doc),
    steps,
    currentStepId: currentStep?.id ?? null,
    stepAt: typeof stepAt === 'number' ? stepAt : 0,
    currentStep,
    timer,
    view,
    categories: Array.isArray(categories) ? categories.filter((c): c is string => typeof c === 'string') : [],
    templateId: typeof template === 'string' && template in TEMPLATES ? (template as TemplateId) : null,
    locks: readLocks(doc),
    vote: readVote(doc),
  }
}

// ---- steps ----

/** `at` (server clock) lets screens tell whether a step change or a shared view came last. */
export function goToStep(doc: Y.Doc, stepId: string, at = 0, origin: unknown = null): void {
  doc.transact(() => {
    phaseMap(doc).set('current', stepId)
    phaseMap(doc).set('stepAt', at)
  }, origin)
}

/** Moves by `delta` steps (+1 next, -1 back); stays put at either end. */
export function moveStep(doc: Y.Doc, delta: number, at = 0, origin: unknown = null): Step | null {
  const { steps, currentStepId } = readControl(doc)
  const index = steps.findIndex((s) => s.id === currentStepId)
  const next = steps[Math.min(steps.length - 1, Math.max(0, index + delta))]
  if (next && next.id !== currentStepId) goToStep(doc, next.id, at, origin)
  return next ?? null
}

export function updateStep(doc: Y.Doc, stepId: string, patch: Partial<StepInput>, origin: unknown = null): void {
  const array = stepsArray(doc)
  const index = array.toArray().findIndex((s) => readStep(s)?.id === stepId)
  const current = readStep(array.get(index))
  if (!current) return
  const next: Step = { ...current, ...patch, id: current.id }
  if (!patch.private) delete next.private
  doc.transact(() => {
    array.delete(index, 1)
    array.insert(index, [next])
  }, origin)
}

export function addStep(doc: Y.Doc, input: StepInput, origin: unknown = null): Step {
  const step = newStep(input)
  doc.transact(() => stepsArray(doc).push([step]), origin)
  return step
}

export function removeStep(doc: Y.Doc, stepId: string, origin: unknown = null): void {
  const array = stepsArray(doc)
  const index = array.toArray().findIndex((s) => readStep(s)?.id === stepId)
  if (index < 0 || array.length <= 1) return
  doc.transact(() => array.delete(index, 1), origin)
}

// ---- timer (all times on the server's clock) ----

function writeTimer(doc: Y.Doc, state: TimerState, origin: unknown): void {
  doc.transact(() => {
    for (const [k, v] of Object.entries(state)) timerMap(doc).set(k, v)
  }, origin)
}

export function startTimer(doc: Y.Doc, durationMs: number, serverNow: number, origin: unknown = null): void {
  const ms = Math.max(1000, Math.round(durationMs))
  writeTimer(doc, { status: 'running', endsAt: serverNow + ms, remainingMs: ms, durationMs: ms }, origin)
}

export function pauseTimer(doc: Y.Doc, serverNow: number, origin: unknown = null): void {
  const t = readControl(doc).timer
  if (t.status !== 'running') return
  writeTimer(doc, { ...t, status: 'paused', remainingMs: Math.max(0, t.endsAt - serverNow) }, origin)
}

export function resumeTimer(doc: Y.Doc, serverNow: number, origin: unknown = null): void {
  const t = readControl(doc).timer
  if (t.status !== 'paused') return
  writeTimer(doc, { ...t, status: 'running', endsAt: serverNow + t.remainingMs }, origin)
}

/** Adds time; a finished timer starts again with the extra time. */
export function extendTimer(doc: Y.Doc, extraMs: number, serverNow: number, origin: unknown = null): void {
  const t = readControl(doc).timer
  if (t.status === 'running') {
    const base = Math.max(t.endsAt, serverNow)
    writeTimer(doc, { ...t, endsAt: base + extraMs, durationMs: t.durationMs + extraMs }, origin)
  } else if (t.status === 'paused') {
    writeTimer(doc, { ...t, remainingMs: t.remainingMs + extraMs, durationMs: t.durationMs + extraMs }, origin)
  } else {
    startTimer(doc, extraMs, serverNow, origin)
  }
}

export function resetTimer(doc: Y.Doc, origin: unknown = null): void {
  writeTimer(doc, IDLE, origin)
}

/** Milliseconds left at `serverNow` (0 when over). */
export function remainingMs(timer: TimerState, serverNow: number): number {
  if (timer.status === 'running') return Math.max(0, timer.endsAt - serverNow)
  if (timer.status === 'paused') return timer.remainingMs
  return 0
}

export const isTimerOver = (timer: TimerState, serverNow: number): boolean => timer.status === 'running' && timer.endsAt <= serverNow

/** 12:05 or 1:02:03 — any length, no 9-minute ceiling. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

// ---- みんなの画面を合わせる ----

export function shareView(doc: Y.Doc, canvas: Canvas | 'all', table: string, serverNow: number, focus?: Focus, origin: unknown = null): void {
  const view: SharedView = { canvas, table, at: serverNow }
  if (focus && canvas !== 'all') view.focus = { cx: Math.round(focus.cx), cy: Math.round(focus.cy), width: Math.round(focus.width) }
  doc.transact(() => phaseMap(doc).set('view', view), origin)
}

// ---- シール投票 (written by the server, which holds the ballots) ----

const voteMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('vote')

export function readVote(doc: Y.Doc): VoteState | null {
  return toVote(Object.fromEntries(voteMap(doc).entries()))
}

/** A vote from its fields (the control document's, or the copy a tablet kept of them); null unless it is one. */
export function toVote(v: unknown): VoteState | null {
  if (!isPlainObject(v)) return null
  const roundId = own(v, 'roundId')
  const canvas = own(v, 'canvas')
  const dots = own(v, 'dots')
  if (typeof roundId !== 'string' || !isCanvas(canvas) || typeof dots !== 'number') return null
  const rawTotals = own(v, 'totals')
  const totals: Record<string, number> = {}
  if (isPlainObject(rawTotals) && !hasForbiddenKey(rawTotals)) {
    for (const [key, value] of Object.entries(rawTotals)) if (typeof value === 'number' && value > 0) totals[key] = value
  }
  return {
    roundId,
    status: own(v, 'status') === 'open' ? 'open' : 'closed',
    canvas,
    dots,
    onePerNote: own(v, 'onePerNote') === true,
    live: own(v, 'live') === true,
    totals,
  }
}

/** A closed vote's totals are also kept per canvas, so a later vote on another canvas does not erase them. */
export function writeVote(doc: Y.Doc, vote: VoteState, origin: unknown = 'server'): void {
  doc.transact(() => {
    for (const [key, value] of Object.entries(vote)) voteMap(doc).set(key, value)
    if (vote.status === 'closed') resultsMap(doc).set(vote.canvas, { roundId: vote.roundId, totals: vote.totals })
  }, origin)
}

const resultsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('voteResults')

/**
 * Dots per note for the plan and the exports: the last closed vote of each canvas, and the current vote's
 * totals where they are published.
 */
export function readVoteTotals(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {}
  const add = (totals: unknown) => {
    if (!isPlainObject(totals) || hasForbiddenKey(totals)) return
    for (const [key, value] of Object.entries(totals)) if (typeof value === 'number' && value > 0) out[key] = value
  }
  const current = readVote(doc)
  const currentShown = current !== null && Object.keys(current.totals).length > 0
  resultsMap(doc).forEach((result, canvas) => {
    if (isPlainObject(result) && !(currentShown && current.canvas === canvas)) add(own(result, 'totals'))
  })
  if (currentShown) add(current.totals)
  return out
}

export const DEFAULT_DOTS = 3
export const MAX_DOTS = 20

/** Whether ギャラリーウォーク is on (read by the server for every participant update: kept cheap). */
export const readGallery = (doc: Y.Doc): boolean => phaseMap(doc).get('gallery') === true

export function setGallery(doc: Y.Doc, open: boolean, origin: unknown = null): void {
  doc.transact(() => phaseMap(doc).set('gallery', open), origin)
}

/** The plan categories (分類) offered for plan items; the template's until the facilitator edits them. */
export function setCategories(doc: Y.Doc, categories: string[], origin: unknown = null): void {
  const clean = [...new Set(categories.map((c) => c.trim()).filter(Boolean))].slice(0, 20)
  doc.transact(() => settingsMap(doc).set('categories', clean), origin)
}
