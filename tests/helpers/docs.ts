/** In-memory documents for unit tests of the shared operations. */
import * as Y from 'yjs'
import { addNote } from '../../shared/ops/notes.ts'
import type { NoteInput } from '../../shared/schema.ts'
import { groupNotes, nestGroup } from '../../shared/ops/groups.ts'
import type { GroupId, NoteId, ParticipantId } from '../../shared/ids.ts'

/** Two documents that exchange every update, like two tablets through a server. */
export function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'))
  return [a, b]
}

/** A note of p_1 (さくら) on the need canvas of 北町, with `over` changed. */
export const noteInput = (text: string, over: Partial<NoteInput> = {}): NoteInput => ({
  text,
  canvas: 'need',
  color: 'yellow',
  authorId: 'p_1' as ParticipantId,
  authorName: 'さくら',
  table: '北町',
  ...over,
})

/** Two groups of two notes each on the need canvas of 北町: [parent, child] after nesting. */
export function nestedGroups(doc: Y.Doc): { parent: GroupId; child: GroupId; notes: NoteId[] } {
  const notes = ['a', 'b', 'c', 'd'].map((t) => addNote(doc, noteInput(t)).id)
  const parent = groupNotes(doc, notes[0]!, notes[1]!).id
  const child = groupNotes(doc, notes[2]!, notes[3]!).id
  nestGroup(doc, child, parent)
  return { parent, child, notes }
}
