/**
 * The session record a tablet last had (its title, its tables, who the person is and at which table),
 * kept on the device (localStorage): a tablet reloaded while the laptop cannot be reached draws its board
 * from its own copy, and the board needs to know whose it is. Kept with the token it was had for, and
 * forgotten with the credential (leaving the tablet, or removed by the facilitator).
 */
import type { SessionInfoWithCount } from '../api.ts'

const recordKey = (sessionId: string): string => `yoriai:record:${sessionId}`

export function keepRecord(sessionId: string, token: string, info: SessionInfoWithCount): void {
  try {
    localStorage.setItem(recordKey(sessionId), JSON.stringify({ token, info }))
  } catch {
    // storage full or unavailable: without the laptop the page then waits for it, as before
  }
}

/** The record kept for this session and token, or null (none, another person's, or unreadable). */
export function keptRecord(sessionId: string, token: string): SessionInfoWithCount | null {
  try {
    const raw = localStorage.getItem(recordKey(sessionId))
    const kept = raw ? (JSON.parse(raw) as { token?: unknown; info?: unknown }) : null
    if (!kept || kept.token !== token || !isRecord(kept.info)) return null
    return kept.info as SessionInfoWithCount
  } catch {
    return null
  }
}

export function forgetRecord(sessionId: string): void {
  try {
    localStorage.removeItem(recordKey(sessionId))
  } catch {
    // nothing kept
  }
}

/** Enough of a record to draw a page by (a kept one is this app's own writing, read back). */
function isRecord(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false
  const info = value as Record<string, unknown>
  return typeof info.title === 'string' && Array.isArray(info.tables)
}
