/** The session record exchanged over the HTTP API, with validators for untrusted bodies. */
import { checkString, hasForbiddenKey, isPlainObject, own, type Issue, type Result } from './validate.ts'
import type { MessageKey } from './i18n/index.ts'
import { SESSION_KINDS, TABLES_MAX, TABLE_NAME_MAX, TITLE_MAX, NICKNAME_MAX, type SessionKind } from './schema.ts'
import type { Role } from './protocol.ts'
import { isTemplateId, type TemplateId } from './templates.ts'
import { isCalendarDate } from './dates.ts'

export interface SessionInput {
  title: string
  kind: SessionKind
  venue?: string
  /** ISO date (YYYY-MM-DD) of the meeting. */
  date?: string
  /** Table names, e.g. 北町・南町; at least one. */
  tables?: string[]
  /** Which steps to start from (default: by kind). */
  template?: TemplateId
}

/** What a page learns about its session from `GET /api/sessions/{id}`. */
export interface SessionInfo {
  sessionId: string
  title: string
  kind: SessionKind
  venue: string
  date: string
  tables: string[]
  joinCode: string
  createdAt: number
  /** The role of the token that asked. */
  role: Role
  /** For a participant token: who they are. */
  participant?: { id: string; name: string; table: string }
}

export interface CreatedSession {
  sessionId: string
  joinCode: string
  facilitatorKey: string
  urls: { facilitator: string; participant: string; projector: string }
}

export interface JoinResult {
  sessionId: string
  participantToken: string
  participantId: string
}


/** Trims and drops empty or repeated table names. */
export function normalizeTables(tables: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const raw of tables) {
    const name = raw.trim()
    if (name) seen.add(name)
  }
  return [...seen]
}

export function validateSessionInput(body: unknown): Result<SessionInput> {
  const issues: Issue[] = []
  if (!isPlainObject(body) || hasForbiddenKey(body)) {
    return { ok: false, issues: [{ path: '', message: 'body must be a JSON object' }] }
  }
  const title = checkString(issues, 'title', own(body, 'title'), { min: 1, max: TITLE_MAX })
  const kind = own(body, 'kind')
  if (!(SESSION_KINDS as readonly unknown[]).includes(kind)) issues.push({ path: 'kind', message: 'must be workshop or kondankai' })
  const venue = checkString(issues, 'venue', own(body, 'venue'), { max: TITLE_MAX, optional: true })
  const date = checkString(issues, 'date', own(body, 'date'), { max: 10, optional: true })
  if (date && !isCalendarDate(date)) issues.push({ path: 'date', message: 'must be a day as YYYY-MM-DD' })
  const rawTables = own(body, 'tables')
  let tables: string[] | undefined
  if (rawTables !== undefined) {
    if (!Array.isArray(rawTables)) {
      issues.push({ path: 'tables', message: 'must be a list of names', reason: 'type' })
    } else if (rawTables.length > TABLES_MAX) {
      issues.push({ path: 'tables', message: `must be a list of at most ${TABLES_MAX} names`, reason: 'too-long' })
    } else {
      rawTables.forEach((t, i) => {
        const name = checkString(issues, `tables[${i}]`, t, { max: TABLE_NAME_MAX })
        if (name?.trim().startsWith('*')) issues.push({ path: `tables[${i}]`, message: 'must not start with *' })
      })
      if (issues.length === 0) tables = normalizeTables(rawTables as string[])
    }
  }
  const template = own(body, 'template')
  if (template !== undefined && !isTemplateId(template)) issues.push({ path: 'template', message: 'unknown template' })
  if (issues.length > 0) return { ok: false, issues }
  const input: SessionInput = { title: title!.trim(), kind: kind as SessionKind }
  if (template !== undefined) input.template = template as TemplateId
  if (venue?.trim()) input.venue = venue.trim()
  if (date) input.date = date
  if (tables && tables.length > 0) input.tables = tables
  if (!input.title) return { ok: false, issues: [{ path: 'title', message: 'must not be blank', reason: 'too-short' }] }
  return { ok: true, value: input }
}

/** A field of the form that starts a session, named as in `SessionInput`. */
export type SessionField = 'title' | 'kind' | 'template' | 'venue' | 'date' | 'tables'

/** Why `POST /api/sessions` refused a body: the `error` code of its 400 answer. */
export type SessionProblem =
  | 'title-required'
  | 'title-too-long'
  | 'venue-too-long'
  | 'bad-date'
  | 'too-many-tables'
  | 'table-name-too-long'
  | 'table-name-reserved'
  | 'invalid'

export interface SessionProblemInfo {
  /** The field to mark on the form; null when no one field is at fault (a client's bug, not a person's). */
  field: SessionField | null
  key: MessageKey
  params?: Record<string, number>
}

/** Each refusal names the field and the limit, so that the person knows what to change. */
export const SESSION_PROBLEMS: Record<SessionProblem, SessionProblemInfo> = {
  'title-required': { field: 'title', key: 'error.titleRequired' },
  'title-too-long': { field: 'title', key: 'error.titleTooLong', params: { max: TITLE_MAX } },
  'venue-too-long': { field: 'venue', key: 'error.venueTooLong', params: { max: TITLE_MAX } },
  'bad-date': { field: 'date', key: 'error.dateFormat' },
  'too-many-tables': { field: 'tables', key: 'error.tooManyTables', params: { max: TABLES_MAX } },
  'table-name-too-long': { field: 'tables', key: 'error.tableNameTooLong', params: { max: TABLE_NAME_MAX } },
  'table-name-reserved': { field: 'tables', key: 'error.tableNameReserved' },
  invalid: { field: null, key: 'error.badRequest' },
}

export const isSessionProblem = (code: string): code is SessionProblem => Object.prototype.hasOwnProperty.call(SESSION_PROBLEMS, code)

/** The problem to tell first: issues come in the form's order, the title first. */
export function sessionProblem(issues: readonly Issue[]): SessionProblem {
  const issue = issues[0]
  if (!issue) return 'invalid'
  const { path, reason } = issue
  if (path === 'title') return reason === 'too-long' ? 'title-too-long' : 'title-required'
  if (path === 'venue') return reason === 'too-long' ? 'venue-too-long' : 'invalid'
  if (path === 'date') return 'bad-date'
  if (path === 'tables') return reason === 'too-long' ? 'too-many-tables' : 'invalid'
  if (path.startsWith('tables[')) {
    if (reason === 'too-long') return 'table-name-too-long'
    // The one issue on a table name without a reason: a leading * (reserved for the plenary table).
    return reason === undefined ? 'table-name-reserved' : 'invalid'
  }
  return 'invalid'
}

export interface JoinInput {
  code: string
  name?: string
  table?: string
}

export function validateJoinInput(body: unknown): Result<JoinInput> {
  const issues: Issue[] = []
  if (!isPlainObject(body) || hasForbiddenKey(body)) {
    return { ok: false, issues: [{ path: '', message: 'body must be a JSON object' }] }
  }
  const code = checkString(issues, 'code', own(body, 'code'), { min: 1, max: 32 })
  const name = checkString(issues, 'name', own(body, 'name'), { max: NICKNAME_MAX, optional: true })
  const table = checkString(issues, 'table', own(body, 'table'), { max: TABLE_NAME_MAX, optional: true })
  if (issues.length > 0) return { ok: false, issues }
  const input: JoinInput = { code: normalizeJoinCode(code!) }
  if (name?.trim()) input.name = name.trim()
  if (table?.trim()) input.table = table.trim()
  return { ok: true, value: input }
}

/** Tablets type codes with full-width digits, spaces or hyphens: fold them to 6 ASCII digits. */
export function normalizeJoinCode(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\-ー－]/g, '')
}

export const JOIN_CODE_LENGTH = 6
export const isJoinCodeShape = (code: string): boolean => /^\d{6}$/.test(code)
