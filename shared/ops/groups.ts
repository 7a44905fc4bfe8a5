/**
 * KJ法 grouping: drop a note on a note to make a group, on a group to join it, drag it out to leave.
 * A group's frame has one position and lays its notes out inside, so it moves as a unit. Whatever makes a
 * frame, grows it or puts it somewhere also makes room for it in the same transaction (makeRoomFor): no
 * loose note or other group stays hidden under it.
 */
import * as Y from 'yjs'
import { newGroupId, type GroupId, type NoteId } from '../ids.ts'
import { GROUP_TITLE_MAX, groupsMap, notesMap, readGroup, toYMap, type Group, type Point } from '../schema.ts'
import { charLength, cutChars, wellFormed } from '../validate.ts'
import { canvasView, readBoard } from '../board.ts'
import { relinkTo, removeLinksOf } from './links.ts'
import { drawnPos, makeRoomFor, spreadOutFrame } from './place.ts'

export class GroupError extends Error {
  constructor(readonly reason: 'missing' | 'too-long' | 'not-allowed') {
    super(`group ${reason}`)
  }
}

const roundPoint = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) })

function noteMap(doc: Y.Doc, id: NoteId): Y.Map<unknown> {
  const ymap = notesMap(doc).get(id)
  if (!ymap) throw new GroupError('missing')
  return ymap
}

function groupMap(doc: Y.Doc, id: GroupId): Y.Map<unknown> {
  const ymap = groupsMap(doc).get(id)
  if (!ymap) throw new GroupError('missing')
  return ymap
}

/** Dropping a note on a loose note: a new group holding both, where the target note was. */
export function groupNotes(doc: Y.Doc, targetId: NoteId, droppedId: NoteId, origin: unknown = null, title = '', now = Date.now()): Group {
  return formGroup(doc, [targetId, droppedId], origin, title, now)
}

/**
 * A new group of `noteIds` (two or more, same canvas and table) where the first of them was, with room made
 * for its frame once all of them are in it (まとめ案 groups several notes in one step).
 */
export function formGroup(doc: Y.Doc, noteIds: readonly NoteId[], origin: unknown = null, title = '', now = Date.now()): Group {
  if (noteIds.length < 2 || new Set(noteIds).size !== noteIds.length) throw new GroupError('not-allowed')
  const members = noteIds.map((id) => noteMap(doc, id))
  const target = members[0]!
  const canvas = target.get('canvas')
  const table = target.get('table')
  if (members.some((m) => m.get('canvas') !== canvas || m.get('table') !== table)) throw new GroupError('not-allowed')
  // Where the first note is drawn: a note that a merge left under a frame is drawn beside it (clearOfFrames).
  const pos = drawnPos(doc, { note: noteIds[0]! }) ?? (target.get('pos') as Point)
  const group: Group = { id: newGroupId(), title: wellFormed(cutChars(title, GROUP_TITLE_MAX)), canvas: canvas as Group['canvas'], table: String(table), pos: roundPoint(pos), createdAt: now }
  doc.transact(() => {
    const previous = members.map((m) => m.get('groupId'))
    groupsMap(doc).set(group.id, toYMap(group))
    for (const m of members) m.set('groupId', group.id)
    for (const old of previous) if (typeof old === 'string') dropEmptyGroup(doc, old)
    makeRoomFor(doc, group.id)
  }, origin)
  return group
}

/** Dropping a note on a group (or on a note inside one). */
export function addToGroup(doc: Y.Doc, noteId: NoteId, groupId: GroupId, origin: unknown = null): void {
  const note = noteMap(doc, noteId)
  const group = groupMap(doc, groupId)
  if (note.get('canvas') !== group.get('canvas') || note.get('table') !== group.get('table')) throw new GroupError('not-allowed')
  const previous = note.get('groupId')
  if (previous === groupId) return
  doc.transact(() => {
    note.set('groupId', groupId)
    if (typeof previous === 'string') dropEmptyGroup(doc, previous)
    // One more note can make the frame a row taller or a column wider.
    makeRoomFor(doc, groupId)
  }, origin)
}

/** Dragging a note out of its group onto the open canvas: it becomes a 離れザル at `pos`. */
export function removeFromGroup(doc: Y.Doc, noteId: NoteId, pos: Point, origin: unknown = null): void {
  const note = noteMap(doc, noteId)
  const previous = note.get('groupId')
  doc.transact(() => {
    note.delete('groupId')
    note.set('pos', roundPoint(pos))
    if (typeof previous === 'string') dropEmptyGroup(doc, previous)
  }, origin)
}

/** The 表札. Anyone at the table may edit it. */
export function renameGroup(doc: Y.Doc, groupId: GroupId, title: string, origin: unknown = null): void {
  const value = wellFormed(title).trim()
  if (charLength(value) > GROUP_TITLE_MAX) throw new GroupError('too-long')
  const group = groupMap(doc, groupId)
  doc.transact(() => {
    group.set('title', value)
    // A frame grows for a longer 表札 (shared/layout.ts titleWidth).
    makeRoomFor(doc, groupId)
  }, origin)
}

/** Moves a group's frame; a child group dragged out of its parent becomes top-level there. */
export function moveGroup(doc: Y.Doc, groupId: GroupId, pos: Point, origin: unknown = null): void {
  const group = groupMap(doc, groupId)
  const previous = group.get('parentId')
  doc.transact(() => {
    group.set('pos', roundPoint(pos))
    if (group.has('parentId')) group.delete('parentId')
    if (typeof previous === 'string') dropEmptyGroup(doc, previous)
    makeRoomFor(doc, groupId)
  }, origin)
}

const hasChildren = (doc: Y.Doc, groupId: string): boolean => [...groupsMap(doc).values()].some((g) => g.get('parentId') === groupId)

/** A group dropped on a group becomes its 小グループ (one level of nesting only). */
export function nestGroup(doc: Y.Doc, childId: GroupId, parentId: GroupId, origin: unknown = null): void {
  if (childId === parentId) throw new GroupError('not-allowed')
  const child = groupMap(doc, childId)
  const parent = groupMap(doc, parentId)
  if (parent.has('parentId') || hasChildren(doc, childId)) throw new GroupError('not-allowed')
  if (child.get('canvas') !== parent.get('canvas') || child.get('table') !== parent.get('table')) throw new GroupError('not-allowed')
  const previous = child.get('parentId')
  doc.transact(() => {
    child.set('parentId', parentId)
    if (typeof previous === 'string' && previous !== parentId) dropEmptyGroup(doc, previous)
    makeRoomFor(doc, parentId)
  }, origin)
}

/** What グループを解く did, for the tablet that did it to say so. */
export interface Dissolved {
  /** The notes that were in the group itself: now loose, or in `into`. */
  notes: NoteId[]
  /** The group a 小グループ's notes went back into; null when the group was top-level. */
  into: GroupId | null
  /** Links to the group that went with it (a 小グループ's pass to its parent instead, so none go). */
  linksRemoved: number
}

/**
 * グループを解く: the frame and its 表札 go. A top-level group's notes become loose notes laid out where the
 * frame was, clear of everything else (place.ts spreadOutFrame), its 小グループ become top-level groups there
 * too, and links to it go (there is no one thing left to point at; undo brings them back). A 小グループ's notes
 * go back into its parent group, which takes over its links. Dots stay on the notes (they are cast on notes,
 * never on groups); plan items keep the group among their sources, shown as gone, and keep its notes.
 */
export function dissolveGroup(doc: Y.Doc, groupId: GroupId, origin: unknown = null): Dissolved {
  const board = readBoard(doc)
  const group = board.groups.find((g) => g.id === groupId)
  if (!group) throw new GroupError('missing')
  const view = canvasView(board, group.canvas, group.table)
  const parent = view.groups.find((gv) => gv.children.some((c) => c.group.id === groupId))?.group.id ?? null
  const notes = board.notes.filter((n) => n.groupId === groupId).map((n) => n.id)
  let linksRemoved = 0
  doc.transact(() => {
    if (parent) {
      for (const id of notes) notesMap(doc).get(id)?.set('groupId', parent)
      relinkTo(doc, { type: 'group', id: groupId }, { type: 'group', id: parent })
      groupsMap(doc).delete(groupId)
      makeRoomFor(doc, parent)
      return
    }
    const spread = spreadOutFrame(board, groupId)
    const placed = new Map([...spread.notes, ...spread.groups].map((s) => [s.id, s.pos]))
    for (const id of notes) {
      const note = notesMap(doc).get(id)
      if (!note) continue
      note.delete('groupId')
      // A note the frame's layout did not draw (on another canvas by a stray write) keeps its place.
      const pos = placed.get(id)
      if (pos) note.set('pos', pos)
    }
    groupsMap(doc).forEach((g, id) => {
      if (g.get('parentId') !== groupId) return
      g.delete('parentId')
      const pos = placed.get(id)
      if (pos) g.set('pos', pos)
    })
    groupsMap(doc).delete(groupId)
    linksRemoved = removeLinksOf(doc, { type: 'group', id: groupId })
    // A parentId not drawn as a parent (it pointed at a group nested itself meanwhile): that group may be empty now.
    if (group.parentId) dropEmptyGroup(doc, group.parentId)
  }, origin)
  return { notes, into: parent, linksRemoved }
}

/** Deletes a group that no note and no child group refers to any more (inside the caller's transaction). */
export function dropEmptyGroup(doc: Y.Doc, groupId: string): void {
  const group = groupsMap(doc).get(groupId)
  if (!group) return
  const used = [...notesMap(doc).values()].some((n) => n.get('groupId') === groupId) || hasChildren(doc, groupId)
  if (used) return
  const parentId = group.get('parentId')
  groupsMap(doc).delete(groupId)
  removeLinksOf(doc, { type: 'group', id: groupId as GroupId })
  if (typeof parentId === 'string') dropEmptyGroup(doc, parentId)
}

export function listGroups(doc: Y.Doc): Group[] {
  const out: Group[] = []
  groupsMap(doc).forEach((ymap) => {
    const group = ymap instanceof Y.Map ? readGroup(ymap) : undefined
    if (group) out.push(group)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}
