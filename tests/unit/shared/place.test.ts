/**
 * Places on a canvas (shared/ops/place.ts): where a note goes when nobody put it anywhere (in the open,
 * never on a group frame or another note, the first such place row by row), and the room a group frame
 * makes where it is placed (what it would cover moves out, right or down).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoard, canvasView } from '../../../shared/board.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import { addToGroup, groupNotes, moveGroup, nestGroup, removeFromGroup, renameGroup } from '../../../shared/ops/groups.ts'
import { acceptProposal } from '../../../shared/ops/proposals.ts'
import { gatherGroup, gatherNote } from '../../../shared/ops/plenary.ts'
import { countingMovedAside, freeNotePosition, makeRoomFor, nearestFreeFrom, notePlacer, takenOn, type Rect } from '../../../shared/ops/place.ts'
import { layoutGroup, NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import { CANVASES, PLENARY_TABLE, type Canvas, type Note, type NoteInput } from '../../../shared/schema.ts'
import type { GroupId, ParticipantId } from '../../../shared/ids.ts'
import { seedBoardWithGroups } from '../../helpers/seed.ts'
import { pair } from '../../helpers/docs.ts'

const note = (text: string, pos: { x: number; y: number }, table = '北町'): NoteInput => ({ text, canvas: 'need', table, color: 'yellow', authorId: 'p1' as ParticipantId, authorName: '', pos })
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
const noteRect = (p: { x: number; y: number }): Rect => ({ ...p, w: NOTE_W, h: NOTE_H })

describe('a new note without a place', () => {
  it('fills rows three notes wide: all of them in sight on a tablet held upright (820 px) at full size', () => {
    const place = notePlacer([])
    const placed = Array.from({ length: 6 }, () => place())
    // The view starts 24 px in from the content's left edge (BoardCanvas startView); the canvas is about 786 px wide.
    for (const at of placed) expect(at.x - placed[0]!.x + 24 + NOTE_W).toBeLessThanOrEqual(786)
    expect(placed.map((p) => p.y)).toEqual([40, 40, 40, 214, 214, 214])
  })

  it('an empty canvas: the top-left', () => {
    expect(freeNotePosition(readBoard(new Y.Doc()), 'need', '北町')).toEqual({ x: 40, y: 40 })
  })

  it('does not land on a group the table made at the top-left, nor on a loose note', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, note('買い物が大変', { x: 40, y: 40 }))
    const b = addNote(doc, note('バスが少ない', { x: 300, y: 40 }))
    groupNotes(doc, a.id, b.id, null, '移動')
    addNote(doc, note('ごみ出し', { x: 600, y: 40 }))
    // Another table's and another canvas's notes take no room here.
    addNote(doc, note('南町の付箋', { x: 40, y: 300 }, '南町'))
    const board = readBoard(doc)
    const taken = takenOn(board, 'need', '北町')
    expect(taken).toHaveLength(2)
    const at = freeNotePosition(board, 'need', '北町')
    for (const t of taken) expect(overlap(noteRect(at), t)).toBe(false)
    // The old place by count (the third note on the canvas) was on the group's frame.
    expect(overlap(noteRect({ x: 40 + 2 * 230, y: 40 }), taken[0]!)).toBe(true)
    // Row by row: at the latest in the first row clear of everything taken (a row is a note and 24 px high).
    expect(at.y).toBeLessThanOrEqual(taken.reduce((max, t) => Math.max(max, t.y + t.h), 0) + 12 + NOTE_H + 24)
  })

  it('several at once (個人ワーク revealed) land apart', () => {
    const place = notePlacer([{ x: 0, y: 0, w: 450, h: 400 }])
    const placed = Array.from({ length: 12 }, () => noteRect(place()))
    for (const [i, a] of placed.entries()) {
      expect(overlap(a, { x: 0, y: 0, w: 450, h: 400 })).toBe(false)
      for (const b of placed.slice(i + 1)) expect(overlap(a, b)).toBe(false)
    }
    // The first ones fill the row beside the frame before going below it.
    expect(placed[0]!.y).toBe(40)
  })

  it('on every canvas of the sample 住民懇談会, the place is in the open', () => {
    const doc = new Y.Doc()
    seedBoardWithGroups(doc)
    const board = readBoard(doc)
    const tables = [...new Set(board.notes.map((n) => n.table))]
    let checked = 0
    for (const table of tables) {
      for (const canvas of CANVASES) {
        const view = canvasView(board, canvas, table)
        if (view.groups.length === 0 && view.loose.length === 0) continue
        const at = freeNotePosition(board, canvas, table)
        for (const t of takenOn(board, canvas, table)) expect(overlap(noteRect(at), t)).toBe(false)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(2)
  })
})

describe('全体共有: groups gathered from the tables', () => {
  it('land where they cover nothing: a large group, the single notes gathered before it, the groups after it', () => {
    const doc = new Y.Doc()
    // 北町 made a large group (eight notes: four rows), 南町 three pairs.
    const big = Array.from({ length: 8 }, (_, i) => addNote(doc, note(`北町の困りごと${i}`, { x: 40 + i * 10, y: 40 })))
    const bigGroup = groupNotes(doc, big[0]!.id, big[1]!.id, null, '移動と買い物')
    for (const n of big.slice(2)) addToGroup(doc, n.id, bigGroup.id)
    const pairs = [0, 1, 2].map((k) => {
      const [a, b] = [0, 1].map((i) => addNote(doc, note(`南町${k}-${i}`, { x: 40 + k * 500, y: 40 + i * 10 }, '南町')))
      return groupNotes(doc, a!.id, b!.id, null, `南町の${k}`)
    })
    const stray = addNote(doc, note('ひとつだけの声', { x: 900, y: 900 }, '南町'))

    gatherNote(doc, stray.id)
    gatherGroup(doc, pairs[0]!.id)
    gatherGroup(doc, bigGroup.id)
    gatherGroup(doc, pairs[1]!.id)
    gatherGroup(doc, pairs[2]!.id)

    const board = readBoard(doc)
    const taken = takenOn(board, 'need', PLENARY_TABLE)
    expect(taken).toHaveLength(5)
    for (const [i, a] of taken.entries()) for (const b of taken.slice(i + 1)) expect(overlap(a, b), JSON.stringify([a, b])).toBe(false)
    // Reading order is kept: the first group beside the note gathered before it, not below everything.
    const first = canvasView(board, 'need', PLENARY_TABLE).groups.find((gv) => gv.group.title === '南町の0')!
    expect(first.group.pos.y).toBe(40)
  })
})

/** The places a tablet's notes take one after another (three wide, from the top-left): 40/284/528 × 40/214/388. */
const grid = (i: number) => ({ x: 40 + (i % 3) * (NOTE_W + 24), y: 40 + Math.floor(i / 3) * (NOTE_H + 24) })

/** Every pair of things drawn on the canvas (top-level frames, loose notes) that share any area. */
function overlapping(doc: Y.Doc, canvas: Canvas = 'need', table = '北町'): Array<[Rect, Rect]> {
  const taken = takenOn(readBoard(doc), canvas, table)
  return taken.flatMap((a, i) => taken.slice(i + 1).filter((b) => overlap(a, b)).map((b): [Rect, Rect] => [a, b]))
}

const posOf = (doc: Y.Doc, note: Note) => readBoard(doc).notes.find((n) => n.id === note.id)!.pos
const frameOf = (doc: Y.Doc, groupId: string, canvas: Canvas = 'need', table = '北町'): Rect => {
  const gv = canvasView(readBoard(doc), canvas, table).groups.find((g) => g.group.id === groupId)!
  return { ...gv.group.pos, ...layoutGroup(gv) }
}

describe('a group frame makes room where it is placed', () => {
  it('a group made at a spot moves the loose note it would cover out from under it, straight down', () => {
    const doc = new Y.Doc()
    const [a, b, c, d] = ['買い物が大変', 'バスが少ない', 'ごみ出し', '病院が遠い'].map((text, i) => addNote(doc, note(text, grid(i))))
    // Before: the frame of two notes side by side (480 × 216 at 40, 40) lies over 病院が遠い (40, 214).
    const size = layoutGroup({ group: { id: 'g', title: '', canvas: 'need', table: '北町', pos: a!.pos, createdAt: 0 } as never, notes: [a!, b!], children: [] })
    expect(overlap({ ...a!.pos, w: size.w, h: size.h }, noteRect(d!.pos))).toBe(true)
    const group = groupNotes(doc, a!.id, b!.id)
    const frame = frameOf(doc, group.id)
    expect(overlapping(doc)).toEqual([])
    // The nearest free place is just below the frame, in the same column; ごみ出し, clear of the frame, stays.
    expect(posOf(doc, d!)).toEqual({ x: 40, y: frame.y + frame.h + 12 })
    expect(posOf(doc, c!)).toEqual(grid(2))
  })

  it('moves only right or down, each to a place clear of the frame, of what stayed and of what moved before it', () => {
    const doc = new Y.Doc()
    const notes = Array.from({ length: 12 }, (_, i) => addNote(doc, note(`付箋${i + 1}`, grid(i))))
    const before = new Map(readBoard(doc).notes.map((n) => [n.id, n.pos]))
    // Three notes in one frame (two rows) at the top-left of a canvas full of notes.
    const group = acceptProposal(doc, [notes[0]!.id, notes[1]!.id, notes[2]!.id], '買い物')!.group
    expect(overlapping(doc)).toEqual([])
    const moved = readBoard(doc).notes.filter((n) => !n.groupId && (n.pos.x !== before.get(n.id)!.x || n.pos.y !== before.get(n.id)!.y))
    expect(moved.length).toBeGreaterThan(0)
    for (const n of moved) {
      expect(n.pos.x).toBeGreaterThanOrEqual(before.get(n.id)!.x)
      expect(n.pos.y).toBeGreaterThanOrEqual(before.get(n.id)!.y)
    }
    // Nothing that was clear of the frame moved.
    const frame = frameOf(doc, group.id)
    for (const n of readBoard(doc).notes.filter((x) => !x.groupId && !moved.some((m) => m.id === x.id))) expect(overlap(noteRect(before.get(n.id)!), frame)).toBe(false)
  })

  it('a group under the new frame moves out whole, its notes and 小グループ with it', () => {
    const doc = new Y.Doc()
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, (_, i) => addNote(doc, note(`付箋${i + 1}`, { x: 40 + i * 300, y: 40 })))
    const first = groupNotes(doc, a!.id, b!.id)
    const child = groupNotes(doc, e!.id, f!.id)
    nestGroup(doc, child.id, first.id)
    const second = groupNotes(doc, c!.id, d!.id)
    // Dragged onto the open canvas so that its frame lies over the first group.
    moveGroup(doc, second.id, { x: 100, y: 60 })
    expect(overlapping(doc)).toEqual([])
    const moved = frameOf(doc, first.id)
    expect(moved.x >= 40 && moved.y >= 40 && (moved.x > 40 || moved.y > 40)).toBe(true)
    expect(readBoard(doc).groups.find((g) => g.id === second.id)!.pos).toEqual({ x: 100, y: 60 })
    const view = canvasView(readBoard(doc), 'need', '北町').groups.find((g) => g.group.id === first.id)!
    expect(view.notes).toHaveLength(2)
    expect(view.children.map((x) => x.group.id)).toEqual([child.id])
  })

  it('says how many notes it moved in the transaction and names the first, a moved group’s by one of its own notes', () => {
    const doc = new Y.Doc()
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, (_, i) => addNote(doc, note(`付箋${i + 1}`, { x: 40 + i * 300, y: 40 })))
    const first = groupNotes(doc, a!.id, b!.id)
    nestGroup(doc, groupNotes(doc, e!.id, f!.id).id, first.id)
    const second = groupNotes(doc, c!.id, d!.id)
    const { movedAside } = countingMovedAside(doc, null, () => moveGroup(doc, second.id, { x: 100, y: 60 }))
    // The group with its 小グループ: four notes, shown by one of the group’s own.
    expect(movedAside.count).toBe(4)
    expect([a!.id, b!.id]).toContain(movedAside.first)
    expect(countingMovedAside(doc, null, () => moveGroup(doc, second.id, { x: 100, y: 5000 })).movedAside).toEqual({ count: 0, first: null })
  })

  it('a frame that grows (a note joins, a 小グループ nests, a longer 表札) makes room too', () => {
    const doc = new Y.Doc()
    const [a, b, c] = [0, 1, 2].map((i) => addNote(doc, note(`付箋${i + 1}`, grid(i))))
    const group = groupNotes(doc, a!.id, b!.id)
    const frame = frameOf(doc, group.id)
    // Just clear below the frame: a third note makes it a row taller, over this one.
    const below = addNote(doc, note('下の付箋', { x: 40, y: frame.y + frame.h + 12 }))
    addToGroup(doc, c!.id, group.id)
    expect(frameOf(doc, group.id).h).toBeGreaterThan(frame.h)
    expect(posOf(doc, below).y).toBeGreaterThan(frame.y + frame.h + 12)
    expect(overlapping(doc)).toEqual([])

    // A frame of one note is one note wide; a long 表札 widens it over the note to its right.
    const solo = new Y.Doc()
    const [p, q] = [0, 1].map((i) => addNote(solo, note(`付箋${i + 1}`, grid(i))))
    const one = groupNotes(solo, p!.id, q!.id)
    removeFromGroup(solo, q!.id, { x: 1000, y: 1000 })
    const narrow = frameOf(solo, one.id)
    const beside = addNote(solo, note('右の付箋', { x: narrow.x + narrow.w + 12, y: narrow.y }))
    renameGroup(solo, one.id, '買い物と通院の移動の困りごと')
    expect(frameOf(solo, one.id).w).toBeGreaterThan(narrow.w)
    expect(overlapping(solo)).toEqual([])
    expect(posOf(solo, beside).x).toBeGreaterThan(narrow.x + narrow.w + 12)

    const nested = new Y.Doc()
    const ns = Array.from({ length: 4 }, (_, i) => addNote(nested, note(`付箋${i + 1}`, { x: 40 + i * 600, y: 40 })))
    const parent = groupNotes(nested, ns[0]!.id, ns[1]!.id)
    const pf = frameOf(nested, parent.id)
    const under = addNote(nested, note('下の付箋', { x: 40, y: pf.y + pf.h + 12 }))
    nestGroup(nested, groupNotes(nested, ns[2]!.id, ns[3]!.id).id, parent.id)
    expect(overlapping(nested)).toEqual([])
    expect(posOf(nested, under).y).toBeGreaterThan(pf.y + pf.h + 12)
  })

  it('leaves other canvases and other tables alone', () => {
    const doc = new Y.Doc()
    const [a, b] = [0, 1].map((i) => addNote(doc, note(`付箋${i + 1}`, grid(i))))
    const south = addNote(doc, note('南町の付箋', grid(3), '南町'))
    const resource = addNote(doc, { ...note('公民館', grid(3)), canvas: 'resource' })
    groupNotes(doc, a!.id, b!.id)
    expect(posOf(doc, south)).toEqual(grid(3))
    expect(posOf(doc, resource)).toEqual(grid(3))
  })

  it('in the one transaction that makes the group: one update for the other tablets, one undo takes it all back', () => {
    const [tablet, other] = pair()
    const [a, b, , d] = [0, 1, 2, 3].map((i) => addNote(tablet, note(`付箋${i + 1}`, grid(i))))
    const me = { person: 'me' }
    const undo = new Y.UndoManager([tablet.getMap('notes'), tablet.getMap('groups')], { trackedOrigins: new Set([me]), captureTimeout: 0 })
    let updates = 0
    tablet.on('update', () => updates++)
    groupNotes(tablet, a!.id, b!.id, me)
    expect(updates).toBe(1)
    expect(posOf(other, d!)).toEqual(posOf(tablet, d!))
    expect(posOf(other, d!)).not.toEqual(grid(3))
    expect(overlapping(other)).toEqual([])
    undo.undo()
    expect(readBoard(other).groups).toHaveLength(0)
    expect(posOf(other, d!)).toEqual(grid(3))
  })

  it('makes no change where nothing is covered', () => {
    const doc = new Y.Doc()
    const [a, b] = [0, 1].map((i) => addNote(doc, note(`付箋${i + 1}`, grid(i))))
    addNote(doc, note('離れた付箋', { x: 1200, y: 1200 }))
    const group = groupNotes(doc, a!.id, b!.id)
    expect(makeRoomFor(doc, group.id)).toEqual([])
    expect(makeRoomFor(doc, 'g_gone')).toEqual([])
  })

  it('the nearest free place right of or below a box is found however crowded the canvas', () => {
    const taken: Rect[] = Array.from({ length: 40 }, (_, i) => ({ x: (i % 8) * 200, y: Math.floor(i / 8) * 170, w: 190, h: 160 }))
    const r = { x: 10, y: 10, w: NOTE_W, h: NOTE_H }
    const at = nearestFreeFrom(r, taken)
    for (const t of taken) expect(overlap({ ...r, ...at }, t)).toBe(false)
    expect(at.x >= r.x && at.y >= r.y).toBe(true)
  })
})

/**
 * Two tablets add a note to one group at the same moment (offline, or before either hears of the other):
 * each made room for the frame it computed, and the merged frame, holding both notes, is bigger than either.
 */
describe('two tablets grow one frame at the same moment', () => {
  /** Everything drawn on the canvas where it is drawn: frames and loose notes by id, for comparing devices. */
  const drawn = (doc: Y.Doc) => {
    const view = canvasView(readBoard(doc), 'need', '北町')
    return {
      groups: Object.fromEntries(view.groups.map((gv) => [gv.group.id, { ...gv.group.pos, ...layoutGroup(gv), notes: gv.notes.map((n) => n.id) }])),
      loose: Object.fromEntries(view.loose.map((n) => [n.id, n.pos])),
    }
  }

  /**
   * A group of `size` notes at the top-left, a loose note and a two-note group just clear below its frame and
   * a loose note just clear to its right; two notes far away that the two tablets each drop on the group.
   */
  function setUp(size: number) {
    const base = new Y.Doc()
    const members = Array.from({ length: Math.max(size, 2) }, (_, i) => addNote(base, note(`付箋${i + 1}`, { x: 3000 + i * 300, y: 40 })))
    const group = groupNotes(base, members[0]!.id, members[1]!.id)
    moveGroup(base, group.id, { x: 40, y: 40 })
    for (const m of members.slice(2)) addToGroup(base, m.id, group.id)
    // A group of one note (its other note taken out) is possible too.
    if (size === 1) removeFromGroup(base, members[1]!.id, { x: 3000, y: 3000 })
    const frame = frameOf(base, group.id)
    const below = addNote(base, note('下の付箋', { x: frame.x, y: frame.y + frame.h + 12 }))
    const right = addNote(base, note('右の付箋', { x: frame.x + frame.w + 12, y: frame.y }))
    const [p, q] = [0, 1].map((i) => addNote(base, note(`下の組${i + 1}`, { x: 3000 + i * 300, y: 2000 })))
    const neighbour = groupNotes(base, p!.id, q!.id)
    moveGroup(base, neighbour.id, { x: frame.x + NOTE_W + 12 + 40, y: frame.y + frame.h + 12 })
    const [fromA, fromB] = [0, 1].map((i) => addNote(base, note(`新しい付箋${i + 1}`, { x: 3000 + i * 300, y: 4000 })))
    expect(overlapping(base)).toEqual([])
    return { base, group, below, right, neighbour, fromA: fromA!, fromB: fromB! }
  }

  const copyOf = (doc: Y.Doc) => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    return copy
  }

  for (const size of [1, 2, 3, 4, 5, 6, 8, 9]) {
    it(`a group of ${size}: after the merge, in either order, no loose note or group is under the frame, the same on every device`, () => {
      const { base, group, below, right, neighbour, fromA, fromB } = setUp(size)
      const a = copyOf(base)
      const b = copyOf(base)
      const before = Y.encodeStateVector(base)
      addToGroup(a, fromA.id, group.id)
      addToGroup(b, fromB.id, group.id)
      // Each tablet alone: its own room made, nothing hidden.
      expect(overlapping(a)).toEqual([])
      expect(overlapping(b)).toEqual([])
      const fromTabletA = Y.encodeStateAsUpdate(a, before)
      const fromTabletB = Y.encodeStateAsUpdate(b, before)
      // The projector hears A first, then B; a latecomer hears B first, then A; each tablet hears the other.
      const projector = copyOf(base)
      Y.applyUpdate(projector, fromTabletA)
      Y.applyUpdate(projector, fromTabletB)
      const latecomer = copyOf(base)
      Y.applyUpdate(latecomer, fromTabletB)
      Y.applyUpdate(latecomer, fromTabletA)
      Y.applyUpdate(a, fromTabletB)
      Y.applyUpdate(b, fromTabletA)
      for (const doc of [a, b, projector, latecomer]) {
        expect(overlapping(doc)).toEqual([])
        const shown = drawn(doc)
        // Nothing lost: both new notes in the frame, the loose notes and the other group still on the canvas.
        expect(shown.groups[group.id]!.notes).toEqual(expect.arrayContaining([fromA.id, fromB.id]))
        expect(Object.keys(shown.loose)).toEqual(expect.arrayContaining([below.id, right.id]))
        expect(shown.groups[neighbour.id]).toBeDefined()
        expect(shown).toEqual(drawn(a))
      }
    })
  }

  it('nothing is written to clear the frame; a group made of a note drawn beside it starts where the note is drawn', () => {
    const { base, group, below, right, fromA, fromB } = setUp(5)
    const [a, b] = pair()
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base))
    // Offline: neither hears of the other's note until both are in.
    const before = Y.encodeStateVector(a)
    const offline = copyOf(a)
    addToGroup(a, fromA.id, group.id)
    addToGroup(offline, fromB.id, group.id)
    const stored = posOf(a, below)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(offline, before))
    // Stored under the grown frame, drawn just below it, on both tablets.
    const frame = frameOf(b, group.id)
    expect(overlap(noteRect(stored), frame)).toBe(true)
    expect(posOf(b, below)).toEqual(stored)
    const shownAt = drawn(b).loose[below.id]!
    expect(overlap(noteRect(shownAt), frame)).toBe(false)
    expect(shownAt).toEqual(drawn(a).loose[below.id])
    // Dropping 右の付箋 on it on one tablet: the group is made there, and the grown frame stays where it is.
    const made = groupNotes(b, below.id, right.id)
    expect(frameOf(a, made.id)).toMatchObject(shownAt)
    expect(frameOf(a, group.id)).toEqual(frame)
    expect(overlapping(a)).toEqual([])
    expect(drawn(a)).toEqual(drawn(b))
  })
})
