/**
 * グループを解く (shared/ops/groups.ts dissolveGroup): a group's notes go back on the canvas as loose notes,
 * laid out where the frame was and clear of everything else; a 小グループ's go back into its parent group;
 * links to the group go (a 小グループ's pass to its parent); one undo brings it all back.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canvasView, readBoard, storedCanvasView } from '../../../shared/board.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import { addToGroup, dissolveGroup, GroupError, groupNotes, listGroups, moveGroup, removeFromGroup } from '../../../shared/ops/groups.ts'
import { linkId, linkItems, listLinks } from '../../../shared/ops/links.ts'
import { layoutGroup, NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import { BOARD_KEYS, type LinkEnd, type Point } from '../../../shared/schema.ts'
import type { GroupId, NoteId } from '../../../shared/ids.ts'
import { nestedGroups, noteInput, pair } from '../../helpers/docs.ts'

const input = noteInput
const noteEnd = (id: NoteId): LinkEnd => ({ type: 'note', id })
const groupEnd = (id: GroupId): LinkEnd => ({ type: 'group', id })

interface Box {
  key: string
  x: number
  y: number
  w: number
  h: number
}
/** Everything drawn on a canvas of a table: top-level frames and loose notes. */
/** Where things are drawn (canvasView), or with `stored`, where the document has them (storedCanvasView). */
function drawn(doc: Y.Doc, table = '北町', stored = false): Box[] {
  const view = (stored ? storedCanvasView : canvasView)(readBoard(doc), 'need', table)
  return [
    ...view.groups.map((gv) => ({ key: `group:${gv.group.id}`, ...gv.group.pos, ...layoutGroup(gv) })),
    ...view.loose.map((n) => ({ key: `note:${n.id}`, ...n.pos, w: NOTE_W, h: NOTE_H })),
  ]
}
const overlapping = (boxes: readonly Box[]): string[][] =>
  boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => [a.key, b.key]))

function groupOf(doc: Y.Doc, texts: string[], at: Point): { group: GroupId; notes: NoteId[] } {
  const notes = texts.map((t) => addNote(doc, input(t, { pos: at })).id)
  const group = groupNotes(doc, notes[0]!, notes[1]!).id
  for (const id of notes.slice(2)) addToGroup(doc, id, group)
  moveGroup(doc, group, at)
  return { group, notes }
}

const nested = nestedGroups

describe('dissolveGroup', () => {
  it('lays the notes out where the frame was, none on another, and removes the frame and its 表札', () => {
    const [one, two] = pair()
    const { group, notes } = groupOf(one, ['a', 'b', 'c', 'd', 'e'], { x: 100, y: 200 })
    const result = dissolveGroup(two, group)
    expect({ ...result, notes: [...result.notes].sort() }).toEqual({ notes: [...notes].sort(), into: null, linksRemoved: 0 })
    const view = canvasView(readBoard(one), 'need', '北町')
    expect(view.groups).toEqual([])
    expect(view.loose.map((n) => n.id).sort()).toEqual([...notes].sort())
    expect(overlapping(drawn(one))).toEqual([])
    // Where the frame was: the first note at its top-left, the rest in the frame's rows (3 across for 5).
    expect(view.loose.map((n) => n.pos)).toContainEqual({ x: 100, y: 200 })
    expect(new Set(view.loose.map((n) => n.pos.y))).toEqual(new Set([200, 200 + NOTE_H + 12]))
  })

  it('keeps the notes clear of a loose note and a group that lay partly under the frame', () => {
    const doc = new Y.Doc()
    const { group } = groupOf(doc, ['a', 'b', 'c', 'd'], { x: 40, y: 40 })
    // Written later straight onto where the frame's second row is (nothing made room: a note was moved there).
    const stray = addNote(doc, input('離れザル', { pos: { x: 40, y: 40 + NOTE_H + 12 } }))
    const other = groupOf(doc, ['x', 'y'], { x: 600, y: 600 })
    // Another table's frame on the same place does not count.
    addNote(doc, input('南町の付箋', { table: '南町', pos: { x: 40, y: 40 } }))
    doc.transact(() => doc.getMap<Y.Map<unknown>>(BOARD_KEYS.groups).get(other.group)!.set('pos', { x: 40 + NOTE_W + 12, y: 40 }))
    // In the document they lie under the frame (drawn beside it: clearOfFrames).
    expect(overlapping(drawn(doc, '北町', true)).length).toBeGreaterThan(0)
    dissolveGroup(doc, group)
    expect(overlapping(drawn(doc))).toEqual([])
    // What lay there stays where it was.
    expect(listNotes(doc).find((n) => n.id === stray.id)!.pos).toEqual({ x: 40, y: 40 + NOTE_H + 12 })
    expect(listGroups(doc).find((g) => g.id === other.group)!.pos).toEqual({ x: 40 + NOTE_W + 12, y: 40 })
  })

  it('puts a 小グループ’s notes back into its parent group, and its links pass to the parent', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    const r = addNote(doc, input('民生委員', { canvas: 'resource' }))
    const s = addNote(doc, input('サロン', { canvas: 'resource' }))
    linkItems(doc, groupEnd(child), noteEnd(r.id))
    linkItems(doc, groupEnd(parent), noteEnd(s.id))
    linkItems(doc, noteEnd(s.id), groupEnd(child))
    linkItems(doc, groupEnd(child), groupEnd(parent))
    const result = dissolveGroup(doc, child)
    expect({ ...result, notes: [...result.notes].sort() }).toEqual({ notes: [notes[2], notes[3]].sort(), into: parent, linksRemoved: 0 })
    expect(listGroups(doc).map((g) => g.id)).toEqual([parent])
    expect(listNotes(doc).filter((n) => n.canvas === 'need').every((n) => n.groupId === parent)).toBe(true)
    // The link to r passes to the parent; the parent already had s; a link between the two goes.
    expect(listLinks(doc).map((l) => l.id).sort()).toEqual([linkId(groupEnd(parent), noteEnd(r.id)), linkId(groupEnd(parent), noteEnd(s.id))].sort())
    expect(overlapping(drawn(doc))).toEqual([])
  })

  it('a top-level group with a 小グループ: its notes go loose, the 小グループ stays a group at the same level', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    const loose = addNote(doc, input('e', { pos: { x: 900, y: 40 } }))
    dissolveGroup(doc, parent)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups.map((g) => g.group.id)).toEqual([child])
    expect(view.groups[0]!.group.parentId).toBeUndefined()
    expect(view.groups[0]!.notes.map((n) => n.id).sort()).toEqual([notes[2], notes[3]].sort())
    expect(view.loose.map((n) => n.id).sort()).toEqual([notes[0], notes[1], loose.id].sort())
    expect(overlapping(drawn(doc))).toEqual([])
  })

  it('removes the links to a top-level group, says how many, and keeps its notes’ own links', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const r = addNote(doc, input('r', { canvas: 'resource' }))
    const group = groupNotes(doc, a!.id, b!.id)
    linkItems(doc, groupEnd(group.id), noteEnd(r.id))
    linkItems(doc, noteEnd(a!.id), noteEnd(r.id))
    expect(dissolveGroup(doc, group.id).linksRemoved).toBe(1)
    expect(listLinks(doc).map((l) => l.id)).toEqual([linkId(noteEnd(a!.id), noteEnd(r.id))])
  })

  it('one undo of the person who did it brings back the frame, its 表札, its notes’ places and its links', () => {
    const doc = new Y.Doc()
    const me = { person: 'me' }
    const { group, notes } = groupOf(doc, ['a', 'b', 'c'], { x: 300, y: 100 })
    doc.getMap<Y.Map<unknown>>(BOARD_KEYS.groups).get(group)!.set('title', '買い物')
    const r = addNote(doc, input('r', { canvas: 'resource' }))
    linkItems(doc, groupEnd(group), noteEnd(r.id))
    const before = readBoard(doc)
    const undo = new Y.UndoManager([doc.getMap(BOARD_KEYS.notes), doc.getMap(BOARD_KEYS.groups), doc.getMap(BOARD_KEYS.links)], { trackedOrigins: new Set([me]), captureTimeout: 0 })
    dissolveGroup(doc, group, me)
    expect(undo.undoStack).toHaveLength(1)
    undo.undo()
    const after = readBoard(doc)
    expect(after.groups.map((g) => [g.id, g.title])).toEqual([[group, '買い物']])
    expect(after.notes.filter((n) => notes.includes(n.id)).map((n) => n.groupId)).toEqual([group, group, group])
    expect(after.links).toEqual(before.links)
  })

  it('converges when one tablet dissolves a group while another adds a note to it', () => {
    const one = new Y.Doc()
    const two = new Y.Doc()
    const { group } = groupOf(one, ['a', 'b'], { x: 40, y: 40 })
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    const late = addNote(two, input('c'))
    addToGroup(two, late.id, group)
    dissolveGroup(one, group)
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one, Y.encodeStateVector(two)))
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two, Y.encodeStateVector(one)))
    expect(readBoard(one)).toEqual(readBoard(two))
    // The note added meanwhile points at a group that is gone: it is drawn loose, not lost.
    expect(canvasView(readBoard(one), 'need', '北町').loose.map((n) => n.id)).toContain(late.id)
  })

  it('throws for a missing group', () => {
    expect(() => dissolveGroup(new Y.Doc(), 'g_gone' as GroupId)).toThrow(GroupError)
  })

  it('a 小グループ whose parent is left without notes does not take the parent with it', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    removeFromGroup(doc, notes[0]!, { x: 900, y: 0 })
    removeFromGroup(doc, notes[1]!, { x: 900, y: 400 })
    dissolveGroup(doc, child)
    expect(listGroups(doc).map((g) => g.id)).toEqual([parent])
    expect(listNotes(doc).filter((n) => n.groupId === parent).map((n) => n.id).sort()).toEqual([notes[2], notes[3]].sort())
  })
})
