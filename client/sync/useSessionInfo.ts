import { useEffect, useRef, useState } from 'react'
import { getSessionInfo, type SessionInfoWithCount } from '../api.ts'
import { keepRecord, keptRecord } from './keptRecord.ts'

/** How soon a session record that could not be reached is asked for again (the laptop restarting, the Wi-Fi back). */
const RETRY_MS = 3_000

/** Session records asked for before the page rendered, each taken by the first load of its page. */
const early = new Map<string, { pending: Promise<SessionInfoWithCount>; value?: SessionInfoWithCount }>()
const earlyKey = (sessionId: string, token: string): string => `${sessionId}\n${token}`

/**
 * Asks for the session record now (a tablet opening its board page): the page's first load takes the
 * answer instead of asking once it has rendered, and its first render already has it if it came (bench B5).
 * Resolves when answered, either way.
 */
export function prefetchSessionInfo(sessionId: string, token: string): Promise<unknown> {
  const entry: { pending: Promise<SessionInfoWithCount>; value?: SessionInfoWithCount } = { pending: getSessionInfo(sessionId, token) }
  early.set(earlyKey(sessionId, token), entry)
  // Whoever takes it handles a failure; until then it is not an unhandled rejection.
  return entry.pending.then((value) => (entry.value = value), () => undefined)
}

/**
 * Loads the session record for a token; refreshes every `refreshMs` when given (participant count).
 * `keep`: the record is kept on the device, and drawn from there while the server cannot be reached (a
 * tablet reloaded without the laptop shows its board from its own copy). A refusal (401, 404) is never
 * answered from there: only the server says a person was removed.
 */
export function useSessionInfo(sessionId: string, token: string | undefined, refreshMs = 0, reloadKey = 0, keep = false) {
  const [info, setInfo] = useState<SessionInfoWithCount | null>(() => (token ? (early.get(earlyKey(sessionId, token))?.value ?? null) : null))
  const [error, setError] = useState<{ status: number; message: string } | null>(null)
  // Read when an answer fails, which may be long after the effect ran: the effect's own `info` would be
  // the one of its first render (none), and a refresh failing in an outage blanked the whole page.
  const hadInfo = useRef(false)
  useEffect(() => {
    if (!token) return undefined
    let cancelled = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const key = earlyKey(sessionId, token)
    let first = early.get(key)?.pending
    early.delete(key)
    const load = () => {
      const pending = first ?? getSessionInfo(sessionId, token)
      first = undefined
      return pending.then(
        (value) => {
          if (cancelled) return
          hadInfo.current = true
          if (keep) keepRecord(sessionId, token, value)
          setInfo(value)
          setError(null)
        },
        (e: { status: number; message: string }) => {
          if (cancelled) return
          const unreached = e.status === 0 || e.status >= 500
          const kept = keep && unreached && !hadInfo.current ? keptRecord(sessionId, token) : null
          if (kept) {
            hadInfo.current = true
            setInfo(kept)
          }
          // Keep showing what we had when the network blips; only a refusal replaces the page.
          if (e.status === 401 || e.status === 404 || !hadInfo.current) setError({ status: e.status, message: e.message })
          // Not reached (no answer, or the server starting again): asked again soon, so the page comes back by itself.
          if (unreached) {
            clearTimeout(retry)
            retry = setTimeout(load, RETRY_MS)
          }
        },
      )
    }
    void load()
    const timer = refreshMs > 0 ? setInterval(load, refreshMs) : undefined
    return () => {
      cancelled = true
      clearTimeout(retry)
      if (timer) clearInterval(timer)
    }
  }, [sessionId, token, refreshMs, reloadKey, keep])
  return { info, error }
}
