/**
 * 全体共有: the facilitator gathers chosen groups (or single notes) from the tables onto the plenary
 * canvases. Copies, not moves: each table keeps its own board, and every copy remembers its table.
 */
import * as Y from 'yjs'
import { newGroupId, newNoteId, type GroupId, type NoteId } from '../ids.ts'
import { PLENARY_TABLE, groupsMap, notesMap, noteToYMap, toYMap, type Group, type Note } from '../schema.ts'
import { listNotes, getNote, defaultNotePosition } from './notes.ts'
import { freeNotePosition } from './place.ts'
import { readBoard } from '../board.ts'
import { listGroups } from './groups.ts'

const PLENARY_COLUMN_W = 520

/** Next free spot on a plenary canvas: groups in rows of two, below what is already there. */
function nextSpot(doc: Y.Doc, canvas: Group['canvas']): { x: number; y: number } {
  const count = listGroups(doc).filter((g) => g.table === PLENARY_TABLE && g.canvas === canvas && !g.parentId).length
  return { x: 40 + (count % 2) * PLENARY_COLUMN_W, y: 40 + Math.floor(count / 2) * 420 }
}

/** Copies a group, its notes and its 小グループ to the plenary table. Returns the copy's id. */
export function gatherGroup(doc: Y.Doc, groupId: GroupId, origin: unknown = null, now = Date.now()): GroupId | null {
  const groups = listGroups(doc)
  const source = groups.find((g) => g.id === groupId)
  if (!source || source.table === PLENARY_TABLE) return null
  const notes = listNotes(doc)
  let copyId: GroupId | null = null
  doc.transact(() => {
    const copy = (group: Group, parentId: GroupId | undefined, pos: { x: number; y: number }): GroupId => {
      const id = newGroupId()
      const record: Group = { id, title: group.title, canvas: group.canvas, table: PLENARY_TABLE, pos, createdAt: now, origin: { table: group.table, id: group.id } }
      if (parentId) record.parentId = parentId
      groupsMap(doc).set(id, toYMap(record))
      for (const note of notes.filter((n) => n.groupId === group.id)) copyNote(doc, note, id, now)
      for (const child of groups.filter((g) => g.parentId === group.id)) copy(child, id, pos)
      return id
    }
    copyId = copy(source, undefined, nextSpot(doc, source.canvas))
  }, origin)
  return copyId
}

/** Copies a single (loose) note to the plenary table. */
export function gatherNote(doc: Y.Doc, noteId: NoteId, origin: unknown = null, now = Date.now()): NoteId | null {
  const note = getNote(doc, noteId)
  if (!note || note.table === PLENARY_TABLE) return null
  let id: NoteId | null = null
  doc.transact(() => {
    id = copyNote(doc, note, undefined, now)
  }, origin)
  return id
}

function copyNote(doc: Y.Doc, note: Note, groupId: GroupId | undefined, now: number): NoteId {
  // A note in a group is drawn in its frame, where its own place does not show; a loose one goes in the
  // open on the plenary canvas.
  const here = () => listNotes(doc).filter((n) => n.table === PLENARY_TABLE && n.canvas === note.canvas).length
  const pos = groupId ? defaultNotePosition(here()) : freeNotePosition(readBoard(doc), note.canvas, PLENARY_TABLE)
  const copy: Note = { ...note, id: newNoteId(), table: PLENARY_TABLE, createdAt: now, pos, origin: { table: note.table, id: note.id } }
  delete copy.hidden
  if (groupId) copy.groupId = groupId
  else delete copy.groupId
  notesMap(doc).set(copy.id, noteToYMap(copy))
  return copy.id
}
