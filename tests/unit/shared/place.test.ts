/**
 * Where a note goes when nobody put it anywhere (shared/ops/place.ts): in the open, never on a group frame
 * or another note, the first such place row by row.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoard, canvasView } from '../../../shared/board.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import { addToGroup, groupNotes } from '../../../shared/ops/groups.ts'
import { gatherGroup, gatherNote } from '../../../shared/ops/plenary.ts'
import { freeNotePosition, notePlacer, takenOn, type Rect } from '../../../shared/ops/place.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import { CANVASES, PLENARY_TABLE, type NoteInput } from '../../../shared/schema.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import { seedBoardWithGroups } from '../../helpers/seed.ts'

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
