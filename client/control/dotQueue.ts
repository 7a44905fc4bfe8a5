/**
 * シール placed (or taken back) on a tablet without a connection, kept on the device until the server
 * takes them: one list per session and vote round in localStorage, so a reload keeps them and a dot is
 * only ever sent for the round it was placed in. Beside them, what the tablet last knew of the vote
 * (`KnownVote`), so that a reload without a connection can go on voting.
 */
import { toVote, type VoteState } from '../../shared/control.ts'
import { isPlainObject, own } from '../../shared/validate.ts'
import type { MyDots } from '../api.ts'

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

/** この端末から退出 on a shared tablet: the next person must not send this person's dots, nor start from their count. */
export function clearQueues(sessionId: string): void {
  for (const round of queuedRounds(sessionId)) writeQueue(sessionId, round, [])
  try {
    localStorage.removeItem(`${KNOWN}${sessionId}`)
  } catch {
    // unavailable: nothing kept
  }
}

/**
 * What this tablet last knew of the vote. The control document is not kept on the device and the
 * count of dots lives on the server, so after a reload without a connection the tablet would know of
 * no vote at all; with this it goes on showing the round and this person's dots, and takes new ones.
 */
export interface KnownVote {
  /** The vote as the control document last said (null: none); without its totals, which are not ours to show. */
  vote: VoteState | null
  /** The server's last count of this person's dots, for `vote`'s round only. */
  counted: MyDots | null
}

const KNOWN = 'yoriai:vote:'

const toCount = (value: unknown): MyDots | null => {
  if (!isPlainObject(value)) return null
  const roundId = own(value, 'roundId')
  const remaining = own(value, 'remaining')
  const rawMine = own(value, 'mine')
  if (typeof roundId !== 'string' || typeof remaining !== 'number' || !(remaining >= 0) || !isPlainObject(rawMine)) return null
  const mine: Record<string, number> = {}
  for (const [noteId, n] of Object.entries(rawMine)) if (Number.isInteger(n) && (n as number) > 0) mine[noteId] = n as number
  return { roundId, mine, remaining }
}

export function readKnownVote(sessionId: string): KnownVote {
  try {
    const raw = localStorage.getItem(`${KNOWN}${sessionId}`)
    const value = raw ? (JSON.parse(raw) as unknown) : null
    if (!isPlainObject(value)) return { vote: null, counted: null }
    const vote = toVote(own(value, 'vote'))
    const counted = toCount(own(value, 'counted'))
    return { vote, counted: vote && counted?.roundId === vote.roundId ? counted : null }
  } catch {
    return { vote: null, counted: null }
  }
}

/** Keeps the vote as the control document says it now; the count is kept while the round is the same. */
export function keepVote(sessionId: string, vote: VoteState | null): void {
  const { counted } = readKnownVote(sessionId)
  writeKnown(sessionId, { vote: vote && { ...vote, totals: {} }, counted: vote && counted?.roundId === vote.roundId ? counted : null })
}

/** Keeps the server's answer about this person's dots, when it is for the round the tablet knows. */
export function keepCount(sessionId: string, counted: MyDots): void {
  const { vote } = readKnownVote(sessionId)
  if (vote && vote.roundId === counted.roundId) writeKnown(sessionId, { vote, counted })
}

function writeKnown(sessionId: string, known: KnownVote): void {
  try {
    if (!known.vote) localStorage.removeItem(`${KNOWN}${sessionId}`)
    else localStorage.setItem(`${KNOWN}${sessionId}`, JSON.stringify(known))
  } catch {
    // storage unavailable: the vote is known while the page lasts
  }
}

/**
 * Where the tablet's count starts for `roundId`: the server's last answer for it, or, when the server
 * has not been heard in this round (the vote opened as the Wi-Fi dropped), the round's full dots. The
 * server still refuses any extra, and a refusal of a kept dot is said (vote.keptRefused).
 */
export function startingCount(roundId: string, dots: number, counted: MyDots | null): MyDots {
  return counted?.roundId === roundId ? counted : { roundId, mine: {}, remaining: dots }
}

/** Dots placed on this device and not yet sent, per note (a kept taking back cancels one). */
export function queuedDots(ops: DotOp[]): Record<string, number> {
  const net = new Map<string, number>()
  for (const op of ops) net.set(op.noteId, (net.get(op.noteId) ?? 0) + (op.remove ? -1 : 1))
  return Object.fromEntries([...net].filter(([, n]) => n > 0))
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

/**
 * A dot placed while kept: placed again on a note whose taking back is kept, it cancels that taking back
 * (the server still has the dot, so nothing is left to send, and 「シール2枚は未送信」 would count a dot
 * that is not waiting at all); otherwise it is kept to be sent.
 */
export function withPlacement(ops: DotOp[], noteId: string): DotOp[] {
  for (let i = ops.length - 1; i >= 0; i--) {
    if (ops[i]!.noteId === noteId && ops[i]!.remove) return ops.filter((_, j) => j !== i)
  }
  return [...ops, { noteId }]
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
