/**
 * The notes out of sight beyond each side of a canvas's box, and the move that brings the nearest of them in.
 * A resident who has not learnt to pan, and a hall looking at the projector's one canvas, do not otherwise
 * know that more lies to the right or below.
 */
import { NOTE_H, NOTE_W } from '../../shared/layout.ts'
import type { Point } from '../../shared/schema.ts'
import type { Viewport } from './useViewport.ts'

export type Side = 'left' | 'right' | 'top' | 'bottom'
export const SIDES: readonly Side[] = ['left', 'right', 'top', 'bottom']
export type Beyond = Record<Side, number>

export const NONE_BEYOND: Beyond = { left: 0, right: 0, top: 0, bottom: 0 }

/**
 * How many notes (world positions, NOTE_W × NOTE_H) lie beyond each side of a `width` × `height` box. A note
 * counts when its middle is past the side, i.e. when it is wholly or mostly out of sight that way; one past a
 * corner counts for both sides. One pass: it runs on every frame of a pan, over a thousand notes (bench B5).
 */
export function countBeyond(notes: Iterable<Point>, view: Viewport, width: number, height: number): Beyond {
  if (width <= 0 || height <= 0) return NONE_BEYOND
  const left = -view.x / view.scale
  const top = -view.y / view.scale
  const right = left + width / view.scale
  const bottom = top + height / view.scale
  const beyond = { left: 0, right: 0, top: 0, bottom: 0 }
  for (const p of notes) {
    const cx = p.x + NOTE_W / 2
    const cy = p.y + NOTE_H / 2
    if (cx < left) beyond.left++
    else if (cx > right) beyond.right++
    if (cy < top) beyond.top++
    else if (cy > bottom) beyond.bottom++
  }
  return beyond
}

/** Room left between the box's edge and a note the move brings in (screen pixels, as the canvas's VIEW_MARGIN). */
const MARGIN = 24
/** A move goes about a view's length, keeping a fifth of what was on screen in sight so the eye can follow. */
const PAGE = 0.8

/**
 * The view moved (zoom kept) toward `side` so the nearest notes beyond it come into sight: by most of a view's
 * length, at least far enough that the nearest is whole in sight, never so far that it passes out of the near
 * side, and never past the last note that way (no empty board beyond the content).
 */
export function panToward(side: Side, notes: Iterable<Point>, view: Viewport, width: number, height: number): Viewport {
  const horizontal = side === 'left' || side === 'right'
  // Worked out toward the right or the bottom; the left and the top are the same mirrored.
  const dir = side === 'left' || side === 'top' ? -1 : 1
  const size = horizontal ? NOTE_W : NOTE_H
  const length = (horizontal ? width : height) / view.scale
  const start = -(horizontal ? view.x : view.y) / view.scale
  // The view's near and far edges along the move, and each note's near edge and far end, in mirrored world units.
  const near = dir > 0 ? start : -(start + length)
  const far = near + length
  let nearest = Infinity
  let last = -Infinity
  for (const p of notes) {
    const at = dir > 0 ? (horizontal ? p.x : p.y) : -((horizontal ? p.x : p.y) + size)
    if (at + size / 2 <= far) continue
    nearest = Math.min(nearest, at)
    last = Math.max(last, at + size)
  }
  if (nearest === Infinity) return view
  const margin = MARGIN / view.scale
  const toNearest = nearest + size + margin - far
  const move = Math.min(Math.max(PAGE * length, toNearest), last + margin - far, nearest - margin - near)
  // A view smaller than a note (zoomed far in on a narrow canvas): its far end in sight rather than nothing.
  const shift = dir * (move > 0 ? move : toNearest) * view.scale
  return horizontal ? { ...view, x: view.x - shift } : { ...view, y: view.y - shift }
}
