import { useCallback, useEffect, useState } from 'react'
import type { VoteState } from '../../shared/control.ts'
import { getMyDots, sendDot, type MyDots } from '../api.ts'

export interface DotsApi {
  vote: VoteState | null
  mine: Record<string, number>
  remaining: number
  error: string | null
  place(noteId: string): void
  remove(noteId: string): void
}

/** A participant's own dots in the current vote; the server keeps the count and refuses extras. */
export function useDots(sessionId: string, token: string | undefined, vote: VoteState | null): DotsApi {
  const [state, setState] = useState<MyDots>({ roundId: null, mine: {}, remaining: 0 })
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!token || !vote) return
    getMyDots(sessionId, token).then(setState, (e: Error) => setError(e.message))
  }, [sessionId, token, vote?.roundId, vote?.status])
  const send = useCallback(
    (noteId: string, remove: boolean) => {
      if (!token) return
      setError(null)
      sendDot(sessionId, token, noteId, remove).then(setState, (e: Error) => setError(e.message))
    },
    [sessionId, token],
  )
  return {
    vote,
    mine: state.roundId === vote?.roundId ? state.mine : {},
    remaining: state.roundId === vote?.roundId ? state.remaining : 0,
    error,
    place: (id) => send(id, false),
    remove: (id) => send(id, true),
  }
}
