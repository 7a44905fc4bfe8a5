/** client/board/beyondView.ts: how many notes lie out of sight beyond each side, and the move that shows them. */
import { describe, expect, it } from 'vitest'
import { countBeyond, panToward } from '../../../client/board/beyondView.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import type { Point } from '../../../shared/schema.ts'
import type { Viewport } from '../../../client/board/useViewport.ts'

/** Twenty columns by fifteen rows, 24 px apart (the 300-note board of the browser test). */
const GRID: Point[] = Array.from({ length: 300 }, (_, i) => ({ x: 24 + (i % 20) * (NOTE_W + 24), y: 24 + Math.floor(i / 20) * (NOTE_H + 24) }))
/** A tablet held upright: the board's box below the header and tabs. */
const BOX = { width: 800, height: 900 }
/** Where a tablet's canvas starts: the content's top-left at full size. */
const START: Viewport = { x: 0, y: 0, scale: 1 }

/** The notes wholly in sight in the box. */
const inSight = (notes: Point[], v: Viewport) =>
  notes.filter((p) => p.x * v.scale + v.x >= 0 && p.y * v.scale + v.y >= 0 && (p.x + NOTE_W) * v.scale + v.x <= BOX.width && (p.y + NOTE_H) * v.scale + v.y <= BOX.height)

describe('countBeyond', () => {
  it('counts the notes past the right and the bottom of a tablet at the start of a large board', () => {
    // 800 px shows columns 0–2 whole and the middle of column 3 (x 756–976, middle 866) is past the edge.
    const beyond = countBeyond(GRID, START, BOX.width, BOX.height)
    expect(beyond).toEqual({ left: 0, right: 17 * 15, top: 0, bottom: 10 * 20 })
  })

  it('counts a note mostly out of sight, not one mostly in sight, on each side', () => {
    // Its middle 1 px inside the edge, then 1 px past it.
    const count = (p: Point) => countBeyond([p], START, BOX.width, BOX.height)
    const [midX, midY] = [BOX.width / 2 - NOTE_W / 2, BOX.height / 2 - NOTE_H / 2]
    expect(count({ x: BOX.width - NOTE_W / 2 - 1, y: midY }).right).toBe(0)
    expect(count({ x: BOX.width - NOTE_W / 2 + 1, y: midY }).right).toBe(1)
    expect(count({ x: -NOTE_W / 2 + 1, y: midY }).left).toBe(0)
    expect(count({ x: -NOTE_W / 2 - 1, y: midY }).left).toBe(1)
    expect(count({ x: midX, y: BOX.height - NOTE_H / 2 - 1 }).bottom).toBe(0)
    expect(count({ x: midX, y: BOX.height - NOTE_H / 2 + 1 }).bottom).toBe(1)
    expect(count({ x: midX, y: -NOTE_H / 2 + 1 }).top).toBe(0)
    expect(count({ x: midX, y: -NOTE_H / 2 - 1 }).top).toBe(1)
  })

  it('counts a note past a corner for both sides, and takes the pan and zoom into account', () => {
    // Panned right and down by 1000 world px at half size: the box shows the world from (1000, 1000) to (2600, 2800).
    const view = { x: -500, y: -500, scale: 0.5 }
    const beyond = countBeyond([{ x: 0, y: 0 }, { x: 1500, y: 1500 }, { x: 3000, y: 1500 }], view, BOX.width, BOX.height)
    expect(beyond).toEqual({ left: 1, right: 1, top: 1, bottom: 0 })
  })

  it('counts none on an empty canvas, with everything in sight, or before the box is measured', () => {
    expect(countBeyond([], START, BOX.width, BOX.height)).toEqual({ left: 0, right: 0, top: 0, bottom: 0 })
    expect(countBeyond(GRID.slice(0, 3), START, BOX.width, BOX.height)).toEqual({ left: 0, right: 0, top: 0, bottom: 0 })
    expect(countBeyond(GRID, START, 0, 0)).toEqual({ left: 0, right: 0, top: 0, bottom: 0 })
  })
})

describe('panToward', () => {
  it('moves by most of a view toward the right, keeping the zoom, and brings notes that were out of sight in', () => {
    const view = panToward('right', GRID, START, BOX.width, BOX.height)
    expect(view.scale).toBe(1)
    expect(view.y).toBe(0)
    expect(view.x).toBeCloseTo(-0.8 * BOX.width)
    const before = new Set(inSight(GRID, START))
    expect(inSight(GRID, view).filter((p) => !before.has(p)).length).toBeGreaterThan(0)
    expect(countBeyond(GRID, view, BOX.width, BOX.height).right).toBeLessThan(countBeyond(GRID, START, BOX.width, BOX.height).right)
  })

  it('brings the nearest note beyond whole into sight when it lies further than a view away', () => {
    const far = { x: 5000, y: 100 }
    const view = panToward('right', [{ x: 24, y: 24 }, far], START, BOX.width, BOX.height)
    expect(inSight([far], view)).toEqual([far])
  })

  it('stops at the last note: no empty board past the content', () => {
    // One note just past the right edge: the move is only what shows it, with the margin.
    const last = { x: 700, y: 24 }
    const view = panToward('right', [{ x: 24, y: 24 }, last], START, BOX.width, BOX.height)
    expect(view.x).toBeCloseTo(BOX.width - 24 - (last.x + NOTE_W))
    expect(inSight([last], view)).toEqual([last])
  })

  it('goes left and up as it goes right and down, at any zoom', () => {
    // Half size, the middle of the board: the world from (2000, 2000) in the box.
    const view = { x: -1000, y: -1000, scale: 0.5 }
    const left = panToward('left', GRID, view, BOX.width, BOX.height)
    expect(left.x).toBeCloseTo(view.x + 0.8 * BOX.width)
    expect(left.y).toBe(view.y)
    expect(countBeyond(GRID, left, BOX.width, BOX.height).left).toBeLessThan(countBeyond(GRID, view, BOX.width, BOX.height).left)
    const up = panToward('top', GRID, view, BOX.width, BOX.height)
    expect(up.x).toBe(view.x)
    expect(up.y).toBeCloseTo(view.y + 0.8 * BOX.height)
    expect(countBeyond(GRID, up, BOX.width, BOX.height).top).toBeLessThan(countBeyond(GRID, view, BOX.width, BOX.height).top)
  })

  it('leaves the view as it is when nothing lies that way', () => {
    expect(panToward('left', GRID, START, BOX.width, BOX.height)).toBe(START)
  })
})
