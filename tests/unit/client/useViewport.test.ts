/** client/board/useViewport.ts: 全体を表示 shows the whole canvas however wide, and zooming from there never jumps. */
import { describe, expect, it } from 'vitest'
import { fitBox, MAX_SCALE, MIN_SCALE, zoomAt } from '../../../client/board/useViewport.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'

/** Twenty columns by fifteen rows of notes, 24 px apart: the 300-note board of the browser test. */
const WIDE = { x: 24, y: 24, w: 19 * (NOTE_W + 24) + NOTE_W, h: 14 * (NOTE_H + 24) + NOTE_H }
/** A tablet held upright: the board's box below the header and tabs. */
const UPRIGHT = { width: 800, height: 900 }

describe('fitBox', () => {
  it('shows a board wider than the smallest zoom allows whole, with its margin, on a tablet held upright', () => {
    const view = fitBox(WIDE, UPRIGHT.width, UPRIGHT.height)
    expect(view.scale).toBeLessThan(MIN_SCALE)
    const left = view.x + WIDE.x * view.scale
    const top = view.y + WIDE.y * view.scale
    expect(left).toBeGreaterThanOrEqual(24 - 1e-9)
    expect(left + WIDE.w * view.scale).toBeLessThanOrEqual(UPRIGHT.width - 24 + 1e-9)
    expect(top).toBeGreaterThanOrEqual(0)
    expect(top + WIDE.h * view.scale).toBeLessThanOrEqual(UPRIGHT.height)
  })

  it('centres what it fits', () => {
    const view = fitBox(WIDE, UPRIGHT.width, UPRIGHT.height)
    const mid = view.x + (WIDE.x + WIDE.w / 2) * view.scale
    expect(mid).toBeCloseTo(UPRIGHT.width / 2)
  })

  it('never enlarges a few notes past 1.2 (note text 24 px)', () => {
    expect(fitBox({ x: 0, y: 0, w: NOTE_W, h: NOTE_H }, 1920, 1080).scale).toBe(1.2)
  })

  it('gives the plain view for an empty canvas or a box not yet measured', () => {
    expect(fitBox({ x: 0, y: 0, w: 0, h: 0 }, 800, 900)).toEqual({ x: 0, y: 0, scale: 1 })
    expect(fitBox(WIDE, 0, 0)).toEqual({ x: 0, y: 0, scale: 1 })
  })
})

describe('zoomAt', () => {
  it('zooms around the point it is given, within the usual bounds', () => {
    const view = zoomAt({ x: 0, y: 0, scale: 1 }, 2, 100, 50)
    expect(view).toEqual({ scale: 2, x: -100, y: -50 })
    expect(zoomAt({ x: 0, y: 0, scale: 0.25 }, 0.5, 0, 0).scale).toBe(MIN_SCALE)
    expect(zoomAt({ x: 0, y: 0, scale: 2 }, 4, 0, 0).scale).toBe(MAX_SCALE)
  })

  it('zooming out from a fit below the smallest zoom stays where it is (no jump back in)', () => {
    const fitted = fitBox(WIDE, UPRIGHT.width, UPRIGHT.height)
    expect(zoomAt(fitted, 0.8, 400, 450)).toEqual(fitted)
    // A pinch's many small steps out: none of them moves the view.
    let view = fitted
    for (let i = 0; i < 10; i++) view = zoomAt(view, 0.97, 400, 450)
    expect(view).toEqual(fitted)
  })

  it('zooming in from below the smallest zoom grows by the factor, not to the smallest zoom at once', () => {
    const fitted = fitBox(WIDE, UPRIGHT.width, UPRIGHT.height)
    const view = zoomAt(fitted, 1.05, 400, 450)
    expect(view.scale).toBeCloseTo(fitted.scale * 1.05)
    // The point under the fingers stays under them.
    const world = (v: typeof view) => ({ x: (400 - v.x) / v.scale, y: (450 - v.y) / v.scale })
    expect(world(view).x).toBeCloseTo(world(fitted).x)
    expect(world(view).y).toBeCloseTo(world(fitted).y)
  })

  it('a pinch in and back out from below the smallest zoom goes back no further than where it started', () => {
    const fitted = fitBox(WIDE, UPRIGHT.width, UPRIGHT.height)
    const inward = zoomAt(fitted, 1.1, 400, 450)
    const out = zoomAt(inward, 0.5, 400, 450)
    expect(inward.scale).toBeLessThan(MIN_SCALE)
    expect(out).toEqual(inward)
  })
})
