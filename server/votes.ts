/**
 * シール投票 on the server: the facilitator opens and closes a vote; each participant places dots
 * through the API, which checks their budget in one SQLite transaction. Ballots never enter a synced
 * document; totals are written into the control document when the vote closes (or as they change,
 * when the facilitator chose to show them live).
 */
import { randomBytes } from 'node:crypto'
import { readVote, writeVote, DEFAULT_DOTS, MAX_DOTS, type VoteState } from '../shared/control.ts'
import { getNote } from '../shared/ops/notes.ts'
import { docName, type DocKind } from '../shared/protocol.ts'
import type { Canvas } from '../shared/schema.ts'
import type * as Y from 'yjs'
import type { Rooms } from './rooms.ts'
import type { SqliteStore } from './store/sqlite.ts'

export type DotOutcome = 'ok' | 'no-vote' | 'round-closed' | 'unknown-note' | 'other-canvas' | 'no-dots-left' | 'one-per-note'

export interface MyDots {
  roundId: string | null
  mine: Record<string, number>
  remaining: number
}

export class Votes {
  constructor(
    private readonly store: SqliteStore,
    private readonly rooms: Rooms,
  ) {}

  private withDoc<T>(sessionId: string, kind: DocKind, fn: (doc: Y.Doc) => T): T {
    return this.rooms.withDoc(docName(sessionId, kind), kind, (room) => fn(room.doc))
  }

  current(sessionId: string): VoteState | null {
    return this.withDoc(sessionId, 'control', (doc) => readVote(doc))
  }

  open(sessionId: string, options: { canvas: Canvas; dots?: number; onePerNote?: boolean; live?: boolean }): VoteState {
    const dots = Math.min(MAX_DOTS, Math.max(1, Math.round(options.dots ?? DEFAULT_DOTS)))
    const vote: VoteState = {
      roundId: randomBytes(6).toString('base64url'),
      status: 'open',
      canvas: options.canvas,
      dots,
      onePerNote: options.onePerNote === true,
      live: options.live === true,
      totals: {},
    }
    this.withDoc(sessionId, 'control', (doc) => writeVote(doc, vote))
    return vote
  }

  close(sessionId: string): VoteState | null {
    const vote = this.current(sessionId)
    if (!vote) return null
    const closed: VoteState = { ...vote, status: 'closed', totals: this.store.dotTotals(sessionId, vote.roundId) }
    this.withDoc(sessionId, 'control', (doc) => writeVote(doc, closed))
    return closed
  }

  mine(sessionId: string, participantId: string): MyDots {
    const vote = this.current(sessionId)
    if (!vote) return { roundId: null, mine: {}, remaining: 0 }
    const mine = this.store.myDots(sessionId, vote.roundId, participantId)
    const used = Object.values(mine).reduce((a, b) => a + b, 0)
    return { roundId: vote.roundId, mine, remaining: vote.status === 'open' ? Math.max(0, vote.dots - used) : 0 }
  }

  /**
   * `roundId`: the vote the dot was placed in (a tablet sending what it kept while offline), so that it
   * cannot land in a later vote; that vote closed, it is refused as 'round-closed'.
   */
  place(sessionId: string, participantId: string, noteId: string, roundId?: string): DotOutcome {
    const vote = this.current(sessionId)
    if (roundId !== undefined && (!vote || vote.roundId !== roundId || vote.status !== 'open')) return 'round-closed'
    if (!vote || vote.status !== 'open') return 'no-vote'
    const note = this.withDoc(sessionId, 'board', (doc) => getNote(doc, noteId))
    if (!note) return 'unknown-note'
    if (note.canvas !== vote.canvas) return 'other-canvas'
    const outcome = this.store.placeDot(sessionId, vote.roundId, participantId, noteId, vote.dots, vote.onePerNote)
    if (outcome === 'ok' && vote.live) this.publish(sessionId, vote)
    return outcome
  }

  /** Takes a dot back; with a `roundId` (kept offline) only in that vote, and only while it is open. */
  remove(sessionId: string, participantId: string, noteId: string, roundId?: string): 'ok' | 'round-closed' {
    const vote = this.current(sessionId)
    if (roundId !== undefined && (!vote || vote.roundId !== roundId || vote.status !== 'open')) return 'round-closed'
    if (!vote || vote.status !== 'open') return 'ok'
    this.store.removeDot(sessionId, vote.roundId, participantId, noteId)
    if (vote.live) this.publish(sessionId, vote)
    return 'ok'
  }

  private publish(sessionId: string, vote: VoteState): void {
    const totals = this.store.dotTotals(sessionId, vote.roundId)
    this.withDoc(sessionId, 'control', (doc) => writeVote(doc, { ...vote, totals }))
  }
}
