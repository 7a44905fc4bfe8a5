/**
 * 賛成 on plan items: while the facilitator has the plan open, each participant may agree with an item
 * once (and take it back). Who agreed stays in SQLite; only the count per item is written into the
 * control document, like the totals of シール投票.
 */
import { getPlanItem, readPlanOpen, writePlanAgree } from '../shared/plan.ts'
import { docName } from '../shared/protocol.ts'
import type { Rooms } from './rooms.ts'
import type { SqliteStore } from './store/sqlite.ts'

export type AgreeOutcome = 'ok' | 'closed' | 'unknown-item'

export class Agreements {
  constructor(
    private readonly store: SqliteStore,
    private readonly rooms: Rooms,
  ) {}

  mine(sessionId: string, participantId: string): string[] {
    return this.store.myAgrees(sessionId, participantId)
  }

  set(sessionId: string, participantId: string, itemId: string, agree: boolean): AgreeOutcome {
    return this.rooms.withDoc(docName(sessionId, 'control'), 'control', (room) => {
      if (!readPlanOpen(room.doc)) return 'closed'
      if (!getPlanItem(room.doc, itemId)) return 'unknown-item'
      writePlanAgree(room.doc, itemId, this.store.setAgree(sessionId, itemId, participantId, agree))
      return 'ok'
    })
  }
}
