/** Calls for grouping suggestions; the analysis runs on the server, the tablet only sends ids. */
import type { Canvas } from '../../shared/schema.ts'
import type { SimilarAnswer, SuggestAnswer } from '../../shared/suggest.ts'
import { call } from '../api.ts'

export interface SuggestAccess {
  sessionId: string
  token: string
}

const post = <T>(access: SuggestAccess, action: string, body: unknown, signal?: AbortSignal): Promise<T> =>
  call<T>(`/api/sessions/${encodeURIComponent(access.sessionId)}/${action}`, { method: 'POST', token: access.token, body: JSON.stringify(body), ...(signal ? { signal } : {}) })

/** Proposals for the ungrouped notes of a canvas at a table (a participant always gets their own table's). */
export const suggestBoard = (access: SuggestAccess, canvas: Canvas, table: string, dismissed: string[], signal?: AbortSignal): Promise<SuggestAnswer> =>
  post(access, 'suggest-board', { canvas, table, dismissed }, signal)

export const similarNotes = (access: SuggestAccess, noteId: string, signal?: AbortSignal): Promise<SimilarAnswer> =>
  post(access, 'similar-notes', { noteId }, signal)
