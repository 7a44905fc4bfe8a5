/** Calls for grouping suggestions; the analysis runs on the server, the tablet only sends ids. */
import type { Canvas } from '../../shared/schema.ts'
import type { SimilarAnswer, SuggestAnswer } from '../../shared/suggest.ts'
import { ApiError } from '../api.ts'
import { currentLang, t } from '../i18n.ts'

export interface SuggestAccess {
  sessionId: string
  token: string
}

async function post<T>(access: SuggestAccess, action: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(`/api/sessions/${encodeURIComponent(access.sessionId)}/${action}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${access.token}` },
      body: JSON.stringify(body),
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError(0, 'network', t('error.network'))
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const message = currentLang() === 'en' ? json.messageEn : json.message
    throw new ApiError(res.status, String(json.error ?? 'unknown'), typeof message === 'string' ? message : t('error.unknown'))
  }
  return json as T
}

/** Proposals for the ungrouped notes of a canvas at a table (a participant always gets their own table's). */
export const suggestBoard = (access: SuggestAccess, canvas: Canvas, table: string, dismissed: string[], signal?: AbortSignal): Promise<SuggestAnswer> =>
  post(access, 'suggest-board', { canvas, table, dismissed }, signal)

export const similarNotes = (access: SuggestAccess, noteId: string, signal?: AbortSignal): Promise<SimilarAnswer> =>
  post(access, 'similar-notes', { noteId }, signal)
