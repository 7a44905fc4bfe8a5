/**
 * Where a note goes when nobody put it anywhere (written on a tablet, revealed from 個人ワーク, brought to the
 * 全体 table): the first free place, row by row in a grid three notes wide from the canvas's top-left, that
 * overlaps no group frame and no loose note there. Before, a new note went to the next place in a grid
 * by count, on top of whatever group a table had already made there.
 */
import { canvasView, type BoardSnapshot } from '../board.ts'
import { layoutGroup, NOTE_H, NOTE_W } from '../layout.ts'
import type { Canvas, Point } from '../schema.ts'

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/**
 * Three notes wide: what a tablet held upright (820 px) shows at full size from the top-left. Five wide, a
 * neighbour's fourth and fifth notes landed beside the view: the tab said 4枚 and the resident saw two.
 */
const COLUMNS = 3
const ORIGIN = 40
const STEP_X = NOTE_W + 24
const STEP_Y = NOTE_H + 24
/** Space kept clear around what is taken. */
const MARGIN = 12
/** How finely freeSpot looks down a column for room. */
const ROW_STEP = 20

/** What is drawn on a canvas of a table: its top-level group frames and its loose notes. */
export function takenOn(board: BoardSnapshot, canvas: Canvas, table: string): Rect[] {
  const view = canvasView(board, canvas, table)
  const frames = view.groups.map((gv) => {
    const { w, h } = layoutGroup(gv)
    return { x: gv.group.pos.x, y: gv.group.pos.y, w, h }
  })
  return [...frames, ...view.loose.map((n) => ({ x: n.pos.x, y: n.pos.y, w: NOTE_W, h: NOTE_H }))]
}

/** True when `a` and `b` are at least MARGIN apart. */
const apart = (a: Rect, b: Rect): boolean => a.x >= b.x + b.w + MARGIN || b.x >= a.x + a.w + MARGIN || a.y >= b.y + b.h + MARGIN || b.y >= a.y + a.h + MARGIN

/**
 * The first place, top to bottom and then left to right among `columns` (their left edges), where a
 * frame of `size` overlaps nothing in `taken`. Below everything there is always room, so it ends.
 */
export function freeSpot(taken: readonly Rect[], size: { w: number; h: number }, columns: readonly number[]): Point {
  for (let y = ORIGIN; ; y += ROW_STEP) {
    for (const x of columns) if (taken.every((t) => apart({ x, y, ...size }, t))) return { x, y }
  }
}

/**
 * Places notes one after another among `taken`: each call gives the next free place and takes it (several
 * notes revealed at once do not land on each other).
 */
export function notePlacer(taken: readonly Rect[]): () => Point {
  const rects = [...taken]
  const free = (r: Rect) => rects.every((t) => apart(r, t))
  // Places only ever get taken, so a place passed over once stays taken: the search goes on from there.
  let slot = 0
  return () => {
    for (;; slot++) {
      const rect = { x: ORIGIN + (slot % COLUMNS) * STEP_X, y: ORIGIN + Math.floor(slot / COLUMNS) * STEP_Y, w: NOTE_W, h: NOTE_H }
      if (free(rect)) {
        rects.push(rect)
        return { x: rect.x, y: rect.y }
      }
    }
  }
}

/** The one place for a single new note on a canvas of a table. */
export const freeNotePosition = (board: BoardSnapshot, canvas: Canvas, table: string): Point => notePlacer(takenOn(board, canvas, table))()
