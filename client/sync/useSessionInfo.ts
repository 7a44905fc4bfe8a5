import { useEffect, useState } from 'react'
import { getSessionInfo, type SessionInfoWithCount } from '../api.ts'

/** Loads the session record for a token; refreshes every `refreshMs` when given (participant count). */
export function useSessionInfo(sessionId: string, token: string | undefined, refreshMs = 0, reloadKey = 0) {
  const [info, setInfo] = useState<SessionInfoWithCount | null>(null)
  const [error, setError] = useState<{ status: number; message: string } | null>(null)
  useEffect(() => {
    if (!token) return undefined
    let cancelled = false
    const load = () =>
      getSessionInfo(sessionId, token).then(
        (value) => {
          if (cancelled) return
          setInfo(value)
          setError(null)
        },
        (e: { status: number; message: string }) => {
          // Keep showing what we had when the network blips; only a refusal replaces the page.
          if (!cancelled && (e.status === 401 || e.status === 404 || !info)) setError({ status: e.status, message: e.message })
        },
      )
    void load()
    const timer = refreshMs > 0 ? setInterval(load, refreshMs) : undefined
    return () => {
      cancelled = true
      if (timer) clearInterval(timer)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId, token, refreshMs, reloadKey])
  return { info, error }
}
