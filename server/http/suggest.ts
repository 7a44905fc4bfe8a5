/**
 * Grouping suggestions over HTTP (似ている付箋). Three requests:
 * - `suggest-groups` (facilitator): proposals for any notes given as text, for scripts and evaluation;
 * - `suggest-board` (facilitator, participant): proposals for the ungrouped notes of one canvas at one
 *   table, read from the board document; a participant always gets their own table's, so a tablet never
 *   sends or sees another table's text;
 * - `similar-notes` (facilitator, participant): the notes and groups most like one note, asked once when
 *   a drag starts.
 * Nothing here writes to the board: people accept a proposal on their device with the usual group
 * operations, so nothing is grouped without a person.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError, readJson, sendJson } from './util.ts'
import type { ApiDeps } from './api.ts'
import { bearerToken } from '../auth.ts'
import type { Principal } from '../sessions.ts'
import { logError } from '../log.ts'
import { similarTo, suggestGroups, type TextNote } from '../suggest/index.ts'
import { canvasView, readBoard, withoutHidden, viewableTables } from '../../shared/board.ts'
import { isCanvas, NOTE_TEXT_MAX, type Canvas } from '../../shared/schema.ts'
import { docName, type Role } from '../../shared/protocol.ts'
import { isPlainObject, own } from '../../shared/validate.ts'
import { SUGGEST_MAX_DISMISSED, SUGGEST_MAX_NOTES, type SimilarAnswer, type SuggestAnswer } from '../../shared/suggest.ts'

/** 1,000 notes of 200 characters in UTF-8 with their ids fit with room to spare. */
const MAX_SUGGEST_BODY = 1024 * 1024
const ID_MAX = 64

function authorize(req: IncomingMessage, sessionId: string, deps: ApiDeps, roles: readonly Role[]): Principal {
  const principal = deps.sessions.authenticate(sessionId, bearerToken(req.headers.authorization))
  if (!principal || !roles.includes(principal.role)) throw new HttpError(401, 'unauthorized', 'error.unauthorized')
  return principal
}

/** `{notes: [{id, text}]}`: at most 1,000, ids unique, texts of 1–200 characters. */
export function parseNotes(body: unknown): TextNote[] {
  const notes = isPlainObject(body) ? own(body, 'notes') : undefined
  if (!Array.isArray(notes)) throw new HttpError(400, 'invalid-notes', 'suggest.error.badNotes', { max: NOTE_TEXT_MAX })
  if (notes.length > SUGGEST_MAX_NOTES) throw new HttpError(400, 'too-many-notes', 'suggest.error.tooMany', { max: SUGGEST_MAX_NOTES })
  const seen = new Set<string>()
  return notes.map((n: unknown) => {
    const id = isPlainObject(n) ? own(n, 'id') : undefined
    const text = isPlainObject(n) ? own(n, 'text') : undefined
    if (typeof id !== 'string' || id.length === 0 || id.length > ID_MAX || seen.has(id) || typeof text !== 'string' || !text.trim() || [...text].length > NOTE_TEXT_MAX) {
      throw new HttpError(400, 'invalid-notes', 'suggest.error.badNotes', { max: NOTE_TEXT_MAX })
    }
    seen.add(id)
    return { id, text }
  })
}

/** `dismissed`: signatures of proposals this person dismissed (optional). */
function parseDismissed(body: unknown): string[] {
  const dismissed = isPlainObject(body) ? own(body, 'dismissed') : undefined
  if (dismissed === undefined) return []
  if (!Array.isArray(dismissed) || dismissed.length > SUGGEST_MAX_DISMISSED || !dismissed.every((s) => typeof s === 'string' && s.length <= ID_MAX)) {
    throw new HttpError(400, 'invalid-dismissed', 'suggest.error.badDismissed', { max: SUGGEST_MAX_DISMISSED })
  }
  return dismissed as string[]
}

/** The analyser could not be built (a broken install): say so instead of a bare 500. */
async function analysed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof HttpError) throw error
    logError('suggest', error)
    throw new HttpError(503, 'suggest-unavailable', 'suggest.error.unavailable')
  }
}

export async function suggestForText(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  authorize(req, sessionId, deps, ['facilitator'])
  const body = await readJson(req, MAX_SUGGEST_BODY)
  const notes = parseNotes(body)
  const dismissed = parseDismissed(body)
  const answer: SuggestAnswer = { groups: await analysed(() => suggestGroups(notes, { dismissed })) }
  sendJson(res, 200, answer)
}

/** The table a request is about: a participant's own; the facilitator names one the session has. */
function tableFor(principal: Principal, body: unknown, sessionId: string, deps: ApiDeps): string {
  if (principal.role === 'participant') return principal.table
  const table = isPlainObject(body) ? own(body, 'table') : undefined
  const tables = viewableTables(deps.sessions.get(sessionId)?.tables ?? [])
  if (table === undefined && tables.length === 2) return tables[0]!
  if (typeof table !== 'string' || !tables.includes(table)) throw new HttpError(400, 'unknown-table', 'error.unknownTable')
  return table
}

export async function suggestForBoard(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  const principal = authorize(req, sessionId, deps, ['facilitator', 'participant'])
  const body = await readJson(req)
  const canvas = isPlainObject(body) ? own(body, 'canvas') : undefined
  if (!isCanvas(canvas)) throw new HttpError(400, 'invalid-canvas', 'suggest.error.badCanvas')
  const table = tableFor(principal, body, sessionId, deps)
  const dismissed = parseDismissed(body)
  const notes = deps.rooms.withDoc(docName(sessionId, 'board'), 'board', (room) =>
    canvasView(withoutHidden(readBoard(room.doc)), canvas as Canvas, table).loose.map((n) => ({ id: n.id as string, text: n.text })),
  )
  const answer: SuggestAnswer = { groups: await analysed(() => suggestGroups(notes.slice(0, SUGGEST_MAX_NOTES), { dismissed })) }
  sendJson(res, 200, answer)
}

export async function similarNotes(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  const principal = authorize(req, sessionId, deps, ['facilitator', 'participant'])
  const body = await readJson(req)
  const noteId = isPlainObject(body) ? own(body, 'noteId') : undefined
  if (typeof noteId !== 'string' || noteId.length === 0 || noteId.length > ID_MAX) throw new HttpError(400, 'invalid', 'error.badRequest')
  const input = deps.rooms.withDoc(docName(sessionId, 'board'), 'board', (room) => {
    const board = withoutHidden(readBoard(room.doc))
    const target = board.notes.find((n) => n.id === noteId)
    // A participant asks about notes at their own table only; another table's note is as good as gone.
    if (!target || (principal.role === 'participant' && target.table !== principal.table)) return null
    const here = (x: { canvas: Canvas; table: string }) => x.canvas === target.canvas && x.table === target.table
    return {
      target: { id: target.id as string, text: target.text },
      notes: board.notes.filter(here).map((n) => ({ id: n.id as string, text: n.text, groupId: n.groupId })),
      groups: board.groups.filter(here).map((g) => ({ id: g.id as string, title: g.title })),
    }
  })
  if (!input) throw new HttpError(404, 'note-gone', 'error.noteGone')
  const answer: SimilarAnswer = await analysed(() => similarTo(input))
  sendJson(res, 200, answer)
}
