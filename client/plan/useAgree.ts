import { useCallback, useEffect, useState } from 'react'
import { getMyAgrees, sendAgree } from '../api.ts'

/** This participant's 賛成 while the plan is open: which items, and a toggle that reports errors in Japanese. */
export function useAgree(sessionId: string, token: string | undefined, open: boolean) {
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!open || !token) return
    let live = true
    getMyAgrees(sessionId, token).then(
      (r) => live && setMine(new Set(r.mine)),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [sessionId, token, open])
  const toggle = useCallback(
    (itemId: string, agree: boolean) => {
      if (!token) return
      setError(null)
      sendAgree(sessionId, token, itemId, agree).then(
        (r) => setMine(new Set(r.mine)),
        (e: Error) => setError(e.message),
      )
    },
    [sessionId, token],
  )
  return { mine, toggle, error }
}
