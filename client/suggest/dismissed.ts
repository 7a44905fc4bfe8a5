/**
 * Proposals this device dismissed, per session, table and canvas, kept in localStorage so that a reload
 * does not bring them back; their signatures go with each request and the server leaves them out.
 */
import { SUGGEST_MAX_DISMISSED } from '../../shared/suggest.ts'

const key = (sessionId: string, table: string, canvas: string): string => `yoriai:dismissed:${sessionId}:${table}:${canvas}`

export function readDismissed(sessionId: string, table: string, canvas: string): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key(sessionId, table, canvas)) ?? '[]')
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

export function addDismissed(sessionId: string, table: string, canvas: string, signature: string): string[] {
  // The newest are kept when the list is full: old proposals have long since changed.
  const next = [...readDismissed(sessionId, table, canvas).filter((s) => s !== signature), signature].slice(-SUGGEST_MAX_DISMISSED)
  try {
    localStorage.setItem(key(sessionId, table, canvas), JSON.stringify(next))
  } catch {
    // Private mode or full storage: the list lasts for this page only.
  }
  return next
}
