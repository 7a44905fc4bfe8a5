import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { VoteState } from '../../shared/control.ts'
import { ApiError, getMyDots, sendDot, type MyDots } from '../api.ts'
import { t } from '../i18n.ts'
import { applyQueue, keepCount, keepVote, queuedCount, queuedDots, queuedRounds, readKnownVote, readQueue, startingCount, withPlacement, withRemoval, writeQueue, type DotOp } from './dotQueue.ts'

export interface DotsApi {
  vote: VoteState | null
  mine: Record<string, number>
  remaining: number
  error: string | null
  place(noteId: string): void
  remove(noteId: string): void
  /** Dots placed or taken back on this device without a connection, not yet taken by the server (未送信). */
  pending: number
  /** Of `mine`, per note, the dots placed on this device that the server has not taken yet (marked 未送信 on the note). */
  unsent: Record<string, number>
}

/** A failure that says nothing about the dot: no connection, the server busy or restarting. Kept, sent again. */
const notAnAnswer = (error: unknown): boolean => !(error instanceof ApiError) || error.status === 0 || error.status >= 500

const EMPTY: MyDots = { roundId: null, mine: {}, remaining: 0 }

/**
 * A participant's own dots in the current vote; the server keeps the count and refuses extras. Without
 * a connection (`online` false, or a request that cannot reach the server) a dot is kept on the device
 * (dotQueue.ts) and shown at once; it is sent, for the round it was placed in, when the connection
 * returns. What the server refuses then (the vote ended, no dots left) is said, never dropped silently.
 *
 * `vote` is undefined while the control document has not come (no connection since the page opened):
 * the tablet then goes by the vote and the count it last knew (dotQueue.ts `KnownVote`), so a resident
 * whose tablet reloaded without a connection goes on voting, within their dots.
 */
export function useDots(sessionId: string, token: string | undefined, vote: VoteState | null | undefined, online = true): DotsApi {
  const [known] = useState(() => readKnownVote(sessionId))
  const current = vote === undefined ? known.vote : vote
  const [state, setState] = useState<MyDots>(() => known.counted ?? EMPTY)
  /** The server's answer, shown and kept on the device for a reload without a connection. */
  const take = useCallback(
    (dots: MyDots) => {
      setState(dots)
      keepCount(sessionId, dots)
    },
    [sessionId],
  )
  const [error, setError] = useState<string | null>(null)
  /** Bumped whenever the kept dots change (they live in localStorage). */
  const [kept, setKept] = useState(0)
  const bump = useCallback(() => setKept((n) => n + 1), [])
  const round = current?.roundId ?? null
  const roundRef = useRef(round)
  roundRef.current = round
  const running = useRef(false)
  const again = useRef(false)

  /** Sends every kept dot (oldest round first, in order), then asks for this round's count. */
  const sync = useCallback(async (): Promise<void> => {
    if (!token) return
    if (running.current) {
      again.current = true
      return
    }
    running.current = true
    try {
      do {
        again.current = false
        const refused: string[] = []
        let unreachable = false
        for (const roundId of queuedRounds(sessionId)) {
          for (;;) {
            const [op, ...rest] = readQueue(sessionId, roundId)
            if (!op || unreachable) break
            // Out of the list while in flight, so that taking it back meanwhile is a removal of its own.
            writeQueue(sessionId, roundId, rest)
            try {
              const result = await sendDot(sessionId, token, op.noteId, op.remove === true, roundId)
              if (result.roundId === roundRef.current) take(result)
            } catch (e) {
              if (notAnAnswer(e)) {
                writeQueue(sessionId, roundId, [op, ...readQueue(sessionId, roundId)])
                unreachable = true
              } else refused.push((e as Error).message)
            }
            bump()
          }
        }
        if (refused.length > 0) setError(t('vote.keptRefused', { n: refused.length, reason: refused.at(-1) ?? '' }))
        if (unreachable) return
        if (roundRef.current) {
          const mine = await getMyDots(sessionId, token)
          if (mine.roundId === roundRef.current) take(mine)
        }
      } while (again.current)
    } catch (e) {
      if (!notAnAnswer(e)) setError((e as Error).message)
    } finally {
      running.current = false
    }
  }, [sessionId, token, bump, take])

  // What the control document says is kept first, so that the count asked for next is kept with its round.
  useEffect(() => {
    if (vote !== undefined) keepVote(sessionId, vote)
  }, [sessionId, vote])

  // On opening, when a vote opens or closes, and whenever the connection comes back.
  useEffect(() => {
    if (online) void sync()
  }, [sync, online, round, current?.status])

  const keep = useCallback(
    (roundId: string, noteId: string, remove: boolean) => {
      const ops = readQueue(sessionId, roundId)
      const next: DotOp[] = remove ? withRemoval(ops, noteId) : withPlacement(ops, noteId)
      writeQueue(sessionId, roundId, next)
      bump()
      if (online) void sync()
    },
    [sessionId, online, sync, bump],
  )

  const base = current ? startingCount(current.roundId, current.dots, state) : EMPTY
  const queue = useMemo(() => (round ? readQueue(sessionId, round) : []), [sessionId, round, kept])
  const shown = applyQueue(base.mine, base.remaining, current?.dots ?? 0, queue)
  const pending = useMemo(() => queuedCount(sessionId), [sessionId, kept])
  const unsent = Object.fromEntries(Object.entries(queuedDots(queue)).flatMap(([noteId, n]) => (shown.mine[noteId] ? [[noteId, Math.min(n, shown.mine[noteId])]] : [])))

  const send = (noteId: string, remove: boolean): void => {
    if (!token || !current || current.status !== 'open') return
    setError(null)
    const roundId = current.roundId
    if (!remove && current.onePerNote && (shown.mine[noteId] ?? 0) > 0) {
      setError(t('error.onePerNote'))
      return
    }
    if (!online || queue.length > 0 || running.current) {
      keep(roundId, noteId, remove)
      return
    }
    sendDot(sessionId, token, noteId, remove, roundId).then(
      (result) => {
        if (result.roundId === roundRef.current) take(result)
      },
      (e: Error) => {
        if (notAnAnswer(e)) keep(roundId, noteId, remove)
        else setError(e.message)
      },
    )
  }

  return {
    vote: current,
    mine: shown.mine,
    remaining: shown.remaining,
    error,
    place: (id) => send(id, false),
    remove: (id) => send(id, true),
    pending,
    unsent,
  }
}
