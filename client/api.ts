/** Calls to the server's JSON API; failures become Errors carrying a Japanese message. */
import type { CreatedSession, JoinResult, SessionInfo, SessionInput } from '../shared/session.ts'
import { currentLang, t } from './i18n.ts'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** fetch, with a network failure turned into a Japanese ApiError (an abort the caller asked for passes through). */
async function send(path: string, init: RequestInit & { token?: string }): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (init.body) headers['Content-Type'] = 'application/json'
  if (init.token) headers.Authorization = `Bearer ${init.token}`
  try {
    return await fetch(path, { ...init, headers, cache: 'no-store' })
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new ApiError(0, 'network', t('error.network'))
  }
}

/** An error answer as an ApiError carrying the server's message in the page's language. */
async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>
  const message = currentLang() === 'en' ? body.messageEn : body.message
  return new ApiError(res.status, String(body.error ?? 'unknown'), typeof message === 'string' ? message : t('error.unknown'))
}

export async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const res = await send(path, init)
  if (!res.ok) throw await failure(res)
  return (await res.json().catch(() => ({}))) as T
}

export const createSession = (input: SessionInput): Promise<CreatedSession> =>
  call('/api/sessions', { method: 'POST', body: JSON.stringify(input) })

/** The open session a join code leads to (its title), or the reason there is none (wrong code, too many tries). */
export const checkJoinCode = (code: string, signal?: AbortSignal): Promise<{ title: string; tables: string[] }> =>
  call(`/api/join/${encodeURIComponent(code)}`, signal ? { signal } : {})

export const joinSession = (code: string, name?: string, table?: string): Promise<JoinResult> =>
  call('/api/join', { method: 'POST', body: JSON.stringify({ code, ...(name ? { name } : {}), ...(table ? { table } : {}) }) })

export type SessionInfoWithCount = SessionInfo & { participantCount: number }

export const getSessionInfo = (sessionId: string, token: string): Promise<SessionInfoWithCount> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}`, { token })

/** One of the laptop's addresses tablets might open, with its adapter's name (Wi-Fi, イーサネット …). */
export type LanAddress = { address: string; iface: string }
/** `lan`: only on the laptop that runs the server — its addresses and the one the link carries. */
export type JoinQr = { url: string; joinCode: string; svg: string; lan?: { addresses: LanAddress[]; chosen: string } }

/** The participant link as a QR code; with `table`, the link of that table's card (it seats whoever joins by it). */
export const getJoinQr = (sessionId: string, token: string, table?: string): Promise<JoinQr> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/join-qr${table === undefined ? '' : `?table=${encodeURIComponent(table)}`}`, { token })

/** Which of the laptop's addresses QR codes and links carry (from the laptop itself only). */
export const chooseLanAddress = (sessionId: string, key: string, address: string): Promise<{ addresses: LanAddress[]; chosen: string }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/lan-address`, { method: 'PUT', token: key, body: JSON.stringify({ address }) })

export const newProjectorLink = (sessionId: string, key: string): Promise<{ url: string; token: string }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/projector-link`, { method: 'POST', token: key })

export const chooseTable = (sessionId: string, token: string, table: string): Promise<{ table: string }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/me`, { method: 'POST', token, body: JSON.stringify({ table }) })

export interface ParticipantSummary {
  id: string
  name: string
  table: string
  joinedAt: number
}

export const listParticipants = (sessionId: string, key: string): Promise<{ participants: ParticipantSummary[] }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/participants`, { token: key })

export const revokeParticipant = (sessionId: string, key: string, participantId: string): Promise<{ revoked: number }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}/revoke`, { method: 'POST', token: key, body: '{}' })

export const assignTable = (sessionId: string, key: string, participantId: string, table: string): Promise<{ table: string }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}/table`, { method: 'POST', token: key, body: JSON.stringify({ table }) })

export interface MyDots {
  roundId: string | null
  mine: Record<string, number>
  remaining: number
}

export const getMyDots = (sessionId: string, token: string): Promise<MyDots> => call(`/api/sessions/${encodeURIComponent(sessionId)}/dots`, { token })

/** `roundId`: the vote the dot is meant for; the server refuses it (409 round-closed) once that vote has ended. */
export const sendDot = (sessionId: string, token: string, noteId: string, remove = false, roundId?: string): Promise<MyDots> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/dots`, {
    method: 'POST',
    token,
    body: JSON.stringify({ noteId, ...(remove ? { remove } : {}), ...(roundId ? { roundId } : {}) }),
  })

export const runVote = (sessionId: string, key: string, body: { action: 'open'; canvas: string; dots: number; onePerNote: boolean; live: boolean } | { action: 'close' }) =>
  call<{ vote: unknown }>(`/api/sessions/${encodeURIComponent(sessionId)}/vote`, { method: 'POST', token: key, body: JSON.stringify(body) })

export const revealPrivate = (sessionId: string, key: string): Promise<{ moved: number }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/reveal`, { method: 'POST', token: key, body: '{}' })

/** 個人ワーク notes not yet revealed (none of the exports holds them). */
export const countUnrevealed = (sessionId: string, key: string): Promise<{ unrevealed: number }> => call(`/api/sessions/${encodeURIComponent(sessionId)}/reveal`, { token: key })

export const addTables = (sessionId: string, key: string, tables: string[]): Promise<{ tables: string[] }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/tables`, { method: 'POST', token: key, body: JSON.stringify({ tables }) })

export const getMyAgrees = (sessionId: string, token: string): Promise<{ mine: string[] }> => call(`/api/sessions/${encodeURIComponent(sessionId)}/agree`, { token })

export const sendAgree = (sessionId: string, token: string, itemId: string, agree: boolean): Promise<{ mine: string[] }> =>
  call(`/api/sessions/${encodeURIComponent(sessionId)}/agree`, { method: 'POST', token, body: JSON.stringify({ itemId, agree }) })

export const importBackup = (backup: unknown): Promise<CreatedSession> => call('/api/sessions/import', { method: 'POST', body: JSON.stringify(backup) })

/**
 * Downloads an export with the facilitator key in the Authorization header (never in a link), reporting
 * the bytes received as they come; saves it under the name the server gave.
 */
export async function downloadExport(sessionId: string, key: string, file: string, onProgress: (bytes: number) => void): Promise<string> {
  const res = await send(`/api/sessions/${encodeURIComponent(sessionId)}/${file}${currentLang() === 'en' ? '?lang=en' : ''}`, { token: key })
  if (!res.ok) throw await failure(res)
  const chunks: Uint8Array[] = []
  let received = 0
  const reader = res.body?.getReader()
  while (reader) {
    // The Wi-Fi dropping halfway through the file: said as any other lost connection, in the page's words
    // (the browser's own is English: 「network error」).
    const { done, value } = await reader.read().catch(() => {
      throw new ApiError(0, 'network', t('error.network'))
    })
    if (done) break
    chunks.push(value)
    received += value.length
    onProgress(received)
  }
  const disposition = res.headers.get('content-disposition') ?? ''
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const name = utf8 ? decodeURIComponent(utf8[1]!) : file
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
