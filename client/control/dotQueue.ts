/**
 * シール placed (or taken back) on a tablet without a connection, kept on the device until the server
 * takes them: one list per session and vote round in localStorage, so a reload keeps them and a dot is
 * only ever sent for the round it was placed in.
 */

/** One dot placed, or taken back (`remove`), while the server could not be reached. */
export interface DotOp {
  noteId: string
  remove?: true
}

const PREFIX = 'yoriai:dots:'
const keyOf = (sessionId: string, roundId: string): string => `${PREFIX}${sessionId}:${roundId}`

export function readQueue(sessionId: string, roundId: string): DotOp[] {
  try {
    const raw = localStorage.getItem(keyOf(sessionId, roundId))
    const list = raw ? (JSON.parse(raw) as unknown) : []
    if (!Array.isArray(list)) return []
    return list.flatMap((op: unknown): DotOp[] => {
      if (typeof op !== 'object' || op === null || typeof (op as DotOp).noteId !== 'string') return []
      return [(op as DotOp).remove === true ? { noteId: (op as DotOp).noteId, remove: true } : { noteId: (op as DotOp).noteId }]
    })
  } catch {
    return []
  }
}

export function writeQueue(sessionId: string, roundId: string, ops: DotOp[]): void {
  try {
    if (ops.length === 0) localStorage.removeItem(keyOf(sessionId, roundId))
    else localStorage.setItem(keyOf(sessionId, roundId), JSON.stringify(ops))
  } catch {
    // storage unavailable: the dots last as long as the page
  }
}

/** Vote rounds of this session with dots still kept on the device (the current one or earlier ones). */
export function queuedRounds(sessionId: string): string[] {
  const rounds: string[] = []
  try {
    const prefix = `${PREFIX}${sessionId}:`
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key?.startsWith(prefix)) rounds.push(key.slice(prefix.length))
    }
  } catch {
    // unavailable: nothing kept
  }
  return rounds.sort()
}

/** All the session's kept dots (未送信), across rounds. */
export const queuedCount = (sessionId: string): number => queuedRounds(sessionId).reduce((n, round) => n + readQueue(sessionId, round).length, 0)

/** この端末から退出 on a shared tablet: the next person must not send this person's dots. */
export function clearQueues(sessionId: string): void {
  for (const round of queuedRounds(sessionId)) writeQueue(sessionId, round, [])
}

/**
 * A dot taken back while kept: a dot placed and not yet sent is simply dropped; one the server has
 * is taken back when the connection returns.
 */
export function withRemoval(ops: DotOp[], noteId: string): DotOp[] {
  for (let i = ops.length - 1; i >= 0; i--) {
    if (ops[i]!.noteId === noteId && !ops[i]!.remove) return ops.filter((_, j) => j !== i)
  }
  return [...ops, { noteId, remove: true }]
}

/** The server's count with the kept dots applied: what the tablet shows. */
export function applyQueue(mine: Record<string, number>, remaining: number, max: number, ops: DotOp[]): { mine: Record<string, number>; remaining: number } {
  const out: Record<string, number> = { ...mine }
  let left = remaining
  for (const op of ops) {
    const had = out[op.noteId] ?? 0
    if (op.remove) {
      if (had === 0) continue
      out[op.noteId] = had - 1
      left++
    } else {
      out[op.noteId] = had + 1
      left--
    }
    if (out[op.noteId] === 0) delete out[op.noteId]
  }
  return { mine: out, remaining: Math.max(0, Math.min(max, left)) }
}
