/**
 * 公開: moves every participant's 個人ワーク notes from their private document into the board, as the
 * server. Until then their text lives only in documents that the writer and the facilitator can open.
 * Idempotent: a note already on the board (same id) is not added twice, so a crash halfway is harmless.
 */
import { docName } from '../shared/protocol.ts'
import { listNotes, defaultNotePosition } from '../shared/ops/notes.ts'
import { notesMap, toYMap, validateNote, type Note } from '../shared/schema.ts'
import type { ParticipantId } from '../shared/ids.ts'
import type { Rooms } from './rooms.ts'
import type { Sessions } from './sessions.ts'

export function revealPrivateNotes(rooms: Rooms, sessions: Sessions, sessionId: string): number {
  let moved = 0
  rooms.withDoc(docName(sessionId, 'board'), 'board', (board) => {
    const onBoard = notesMap(board.doc)
    for (const person of sessions.participants(sessionId)) {
      rooms.withDoc(docName(sessionId, 'private', person.id), 'private', (privateRoom) => {
        const notes = listNotes(privateRoom.doc)
        if (notes.length === 0) return
        board.doc.transact(() => {
          for (const note of notes) {
            if (onBoard.has(note.id)) continue
            const here = [...onBoard.values()].filter((m) => m.get('canvas') === note.canvas && m.get('table') === person.table).length
            // The writer and table come from the server's record of who this is, not from the private copy.
            const revealed: Note = { ...note, authorId: person.id as ParticipantId, authorName: person.name, table: person.table, pos: defaultNotePosition(here) }
            delete revealed.groupId
            delete revealed.hidden
            const checked = validateNote(revealed)
            if (!checked.ok) continue
            onBoard.set(note.id, toYMap(checked.value))
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
