/**
 * 公開: moves every participant's 個人ワーク notes from their private document into the board, as the
 * server. Until then their text lives only in documents that the writer and the facilitator can open.
 * Idempotent: a note already on the board (same id) is not added twice, so a crash halfway is harmless.
 */
import { docName } from '../shared/protocol.ts'
import { listNotes } from '../shared/ops/notes.ts'
import { notePlacer, takenOn } from '../shared/ops/place.ts'
import { readBoard } from '../shared/board.ts'
import { notesMap, noteToYMap, validateNote, type Canvas, type Note, type Point } from '../shared/schema.ts'
import type { ParticipantId } from '../shared/ids.ts'
import type { Rooms } from './rooms.ts'
import type { Sessions } from './sessions.ts'

export function revealPrivateNotes(rooms: Rooms, sessions: Sessions, sessionId: string): number {
  let moved = 0
  rooms.withDoc(docName(sessionId, 'board'), 'board', (board) => {
    const onBoard = notesMap(board.doc)
    // Each table's canvases as they were before: the revealed notes go in the open, not onto its groups or each other.
    const before = readBoard(board.doc)
    const placers = new Map<string, () => Point>()
    const placeOn = (canvas: Canvas, table: string): Point => {
      const key = `${canvas}\u0000${table}`
      let place = placers.get(key)
      if (!place) placers.set(key, (place = notePlacer(takenOn(before, canvas, table))))
      return place()
    }
    for (const person of sessions.participants(sessionId)) {
      rooms.withDoc(docName(sessionId, 'private', person.id), 'private', (privateRoom) => {
        const notes = listNotes(privateRoom.doc)
        if (notes.length === 0) return
        board.doc.transact(() => {
          for (const note of notes) {
            if (onBoard.has(note.id)) continue
            // The writer and table come from the server's record of who this is, not from the private copy.
            const revealed: Note = { ...note, authorId: person.id as ParticipantId, authorName: person.name, table: person.table, pos: placeOn(note.canvas, person.table) }
            delete revealed.groupId
            delete revealed.hidden
            const checked = validateNote(revealed)
            if (!checked.ok) continue
            onBoard.set(note.id, noteToYMap(checked.value))
            moved++
          }
        }, 'server')
        privateRoom.doc.transact(() => {
          for (const key of [...notesMap(privateRoom.doc).keys()]) notesMap(privateRoom.doc).delete(key)
        }, 'server')
      })
    }
  })
  return moved
}

/**
 * How many 個人ワーク notes are not yet on the board: no export holds them (the export page says so before a
 * file is saved). Each participant's private document is read as the server has it.
 */
export function countUnrevealed(rooms: Rooms, sessions: Sessions, sessionId: string): number {
  let count = 0
  for (const person of sessions.participants(sessionId)) {
    count += rooms.withDoc(docName(sessionId, 'private', person.id), 'private', (room) => notesMap(room.doc).size)
  }
  return count
}
