/**
 * KJ法 grouping: drop a note on a note to make a group, on a group to join it, drag it out to leave.
 * A group's frame has one position and lays its notes out inside, so it moves as a unit.
 */
import * as Y from 'yjs'
import { newGroupId, type GroupId, type NoteId } from '../ids.ts'
import { GROUP_TITLE_MAX, groupsMap, notesMap, readGroup, toYMap, type Group, type Point } from '../schema.ts'
import { charLength, wellFormed } from '../validate.ts'
import { removeLinksOf } from './links.ts'

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
  if (targetId === droppedId) throw new GroupError('not-allowed')
  const target = noteMap(doc, targetId)
  const dropped = noteMap(doc, droppedId)
  const canvas = target.get('canvas')
  const table = target.get('table')
  if (dropped.get('canvas') !== canvas || dropped.get('table') !== table) throw new GroupError('not-allowed')
  const pos = target.get('pos') as Point
  const group: Group = { id: newGroupId(), title: wellFormed([...title].slice(0, GROUP_TITLE_MAX).join('')), canvas: canvas as Group['canvas'], table: String(table), pos: roundPoint(pos), createdAt: now }
  doc.transact(() => {
    const previous = [target.get('groupId'), dropped.get('groupId')]
    groupsMap(doc).set(group.id, toYMap(group))
    target.set('groupId', group.id)
    dropped.set('groupId', group.id)
    for (const old of previous) if (typeof old === 'string') dropEmptyGroup(doc, old)
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
  doc.transact(() => group.set('title', value), origin)
}

/** Moves a group's frame; a child group dragged out of its parent becomes top-level there. */
export function moveGroup(doc: Y.Doc, groupId: GroupId, pos: Point, origin: unknown = null): void {
  const group = groupMap(doc, groupId)
  const previous = group.get('parentId')
  doc.transact(() => {
    group.set('pos', roundPoint(pos))
    if (group.has('parentId')) group.delete('parentId')
    if (typeof previous === 'string') dropEmptyGroup(doc, previous)
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
  }, origin)
}

/** Takes a group apart: its notes stay where the frame was, its child groups become top-level. */
export function dissolveGroup(doc: Y.Doc, groupId: GroupId, origin: unknown = null): void {
  const group = groupMap(doc, groupId)
  const base = group.get('pos') as Point
  const parentId = group.get('parentId')
  doc.transact(() => {
    let i = 0
    notesMap(doc).forEach((note) => {
      if (note.get('groupId') !== groupId) return
      note.delete('groupId')
      note.set('pos', { x: base.x + (i % 3) * 30, y: base.y + i * 40 })
      i++
    })
    groupsMap(doc).forEach((g) => {
      if (g.get('parentId') === groupId) g.delete('parentId')
    })
    groupsMap(doc).delete(groupId)
    removeLinksOf(doc, { type: 'group', id: groupId })
    if (typeof parentId === 'string') dropEmptyGroup(doc, parentId)
  }, origin)
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
