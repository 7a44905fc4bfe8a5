/**
 * 全体共有: the facilitator gathers chosen groups (or single notes) from the tables onto the plenary
 * canvases. Copies, not moves: each table keeps its own board, and every copy remembers its table.
 */
import * as Y from 'yjs'
import { newGroupId, newNoteId, type GroupId, type NoteId } from '../ids.ts'
import { PLENARY_TABLE, groupsMap, notesMap, noteToYMap, toYMap, type Group, type Note, type Point } from '../schema.ts'
import { listNotes, getNote, defaultNotePosition } from './notes.ts'
import { freeNotePosition, freeSpot, takenOn } from './place.ts'
import { canvasView, readBoard, type GroupView } from '../board.ts'
import { layoutGroup } from '../layout.ts'
import { listGroups } from './groups.ts'

/** Gathered groups go in two columns on a plenary canvas, each in the first place where it covers nothing. */
const PLENARY_COLUMNS = [40, 560]

/**
 * Where a group gathered from a table goes on the plenary canvas: the first free place for its whole frame
 * (its copy is laid out as it is). By a count of groups in rows of a fixed height, a large group ran into
 * the one below it and a group landed on the single notes gathered before it.
 */
function plenarySpot(doc: Y.Doc, source: Group): Point {
  const board = readBoard(doc)
  const find = (views: readonly GroupView[]): GroupView | undefined => {
    for (const gv of views) {
      const found = gv.group.id === source.id ? gv : find(gv.children)
      if (found) return found
    }
    return undefined
  }
  const view = find(canvasView(board, source.canvas, source.table).groups)
  const size = view ? layoutGroup(view) : { w: 0, h: 0 }
  return freeSpot(takenOn(board, source.canvas, PLENARY_TABLE), size, PLENARY_COLUMNS)
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
    copyId = copy(source, undefined, plenarySpot(doc, source))
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
  // A hidden note's copy stays hidden (it may name a person): the plenary board goes on the projector and
  // into every export.
  const copy: Note = { ...note, id: newNoteId(), table: PLENARY_TABLE, createdAt: now, pos, origin: { table: note.table, id: note.id } }
  if (groupId) copy.groupId = groupId
  else delete copy.groupId
  notesMap(doc).set(copy.id, noteToYMap(copy))
  return copy.id
}
