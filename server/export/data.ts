/**
 * What an export reads: the session record, the board (without notes the facilitator hid) and the control
 * document, taken once from the live rooms so every format describes the same moment.
 */
import * as Y from 'yjs'
import { readBoard, withoutHidden, type BoardSnapshot } from '../../shared/board.ts'
import { readControl, readVoteTotals, type ControlSnapshot } from '../../shared/control.ts'
import { listPlanItems, readPlanAgree, type PlanItem } from '../../shared/plan.ts'
import { docName } from '../../shared/protocol.ts'
import type { Note } from '../../shared/schema.ts'
import type { SessionRow } from '../store/types.ts'
import type { Rooms } from '../rooms.ts'

export interface ExportData {
  session: SessionRow
  participantCount: number
  /** Without hidden notes: reports carry only what the session showed. The backup keeps everything. */
  board: BoardSnapshot
  /** Every note, hidden ones included (for the backup's readable copy). */
  allNotes: Note[]
  control: ControlSnapshot
  items: PlanItem[]
  /** Dots per note (the last closed vote of each canvas). */
  votes: Record<string, number>
  /** 賛成 per plan item. */
  agree: Record<string, number>
  /** When the export was made (ms). */
  at: number
}

/** Both documents' full state, for the backup. */
export function encodeDocs(rooms: Rooms, sessionId: string): { board: Uint8Array; control: Uint8Array } {
  const encode = (kind: 'board' | 'control') => rooms.withDoc(docName(sessionId, kind), kind, (room) => Y.encodeStateAsUpdate(room.doc))
  return { board: encode('board'), control: encode('control') }
}

export function readExportData(rooms: Rooms, session: SessionRow, participantCount: number, at = Date.now()): ExportData {
  return rooms.withDoc(docName(session.id, 'board'), 'board', (board) =>
    rooms.withDoc(docName(session.id, 'control'), 'control', (control) => exportDataFromDocs(board.doc, control.doc, session, participantCount, at)),
  )
}

/** Reads an export from the two documents (live rooms, or documents held in memory by tests and fixtures). */
export function exportDataFromDocs(boardDoc: Y.Doc, controlDoc: Y.Doc, session: SessionRow, participantCount: number, at = Date.now()): ExportData {
  const full = readBoard(boardDoc)
  return {
    session,
    participantCount,
    board: withoutHidden(full),
    allNotes: full.notes,
    control: readControl(controlDoc),
    items: listPlanItems(controlDoc),
    votes: readVoteTotals(controlDoc),
    agree: readPlanAgree(controlDoc),
    at,
  }
}
