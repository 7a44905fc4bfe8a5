/**
 * Pan and zoom of a canvas: wheel zooms around the cursor, dragging the background pans, two fingers
 * pinch-zoom and pan. Notes are dragged by @dnd-kit, not here: a gesture that starts on a note is left
 * alone unless a second finger joins it.
 */
import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react'

export interface Viewport {
  x: number
  y: number
  scale: number
}

/** The smallest zoom the fingers, the wheel and the buttons go to; 全体を表示 may go below it (see fitBox). */
export const MIN_SCALE = 0.2
export const MAX_SCALE = 2.5

/**
 * Zooms by `factor` around (cx, cy). A view already below MIN_SCALE (全体を表示 on a very wide canvas) is not
 * pulled back in to it: zooming out from there stays where it is, zooming in grows from there as usual. Pulled
 * to MIN_SCALE at the first touch of a pinch, the view jumped in and the columns at the sides went out of sight.
 */
export function zoomAt(view: Viewport, factor: number, cx: number, cy: number): Viewport {
  const floor = Math.min(MIN_SCALE, view.scale)
  const scale = Math.min(Math.max(MAX_SCALE, view.scale), Math.max(floor, view.scale * factor))
  // Unchanged, the view is kept as it is (recomputed, x and y would drift by rounding on every step of a pinch).
  if (scale === view.scale) return view
  const k = scale / view.scale
  return { scale, x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k }
}

/**
 * The view that shows all of `box` in a `width` × `height` box, centred, never larger than 1.2 (note text
 * 24 px). It has no smallest zoom: 全体を表示 means the whole canvas, and a canvas cut at the sides (a
 * 20-column board on a tablet held upright showed 16 columns) made residents think notes were missing.
 * Where a page needs text legible more than the whole (the projector following one canvas), it sets its own
 * floor (BoardCanvas's minScale).
 */
export function fitBox(box: { x: number; y: number; w: number; h: number }, width: number, height: number, margin = 24): Viewport {
  if (box.w <= 0 || box.h <= 0 || width <= 0 || height <= 0) return { x: 0, y: 0, scale: 1 }
  // A box narrower than its own margins would give a scale of zero or less: the view would vanish.
  const scale = Math.max(1e-3, Math.min(1.2, (width - 2 * margin) / box.w, (height - 2 * margin) / box.h))
  return { scale, x: (width - box.w * scale) / 2 - box.x * scale, y: (height - box.h * scale) / 2 - box.y * scale }
}

export function useViewport(initial: Viewport = { x: 0, y: 0, scale: 1 }) {
  const [view, setView] = useState(initial)
  const pointers = useRef(new Map<number, { x: number; y: number }>())
  const last = useRef<{ cx: number; cy: number; dist: number } | null>(null)
  const locked = useRef(false)

  const gesture = () => {
    const pts = [...pointers.current.values()]
    if (pts.length === 0) return null
    const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length
    const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length
    const dist = pts.length >= 2 ? Math.hypot(pts[0]!.x - pts[1]!.x, pts[0]!.y - pts[1]!.y) : 0
    return { cx, cy, dist }
  }

  const onPointerDown = useCallback((e: ReactPointerEvent<HTMLElement>) => {
    const onItem = (e.target as HTMLElement).closest('[data-board-item]')
    if (onItem && pointers.current.size === 0) return
    const rect = e.currentTarget.getBoundingClientRect()
    pointers.current.set(e.pointerId, { x: e.clientX - rect.left, y: e.clientY - rect.top })
    last.current = gesture()
  }, [])

  const onPointerMove = useCallback((e: ReactPointerEvent<HTMLElement>) => {
    if (!pointers.current.has(e.pointerId) || locked.current) return
    const rect = e.currentTarget.getBoundingClientRect()
    pointers.current.set(e.pointerId, { x: e.clientX - rect.left, y: e.clientY - rect.top })
    const now = gesture()
    const before = last.current
    if (!now || !before) return
    setView((v) => {
      let next = { ...v, x: v.x + now.cx - before.cx, y: v.y + now.cy - before.cy }
      if (now.dist > 0 && before.dist > 0) next = zoomAt(next, now.dist / before.dist, now.cx, now.cy)
      return next
    })
    last.current = now
  }, [])

  const onPointerUp = useCallback((e: ReactPointerEvent<HTMLElement>) => {
    pointers.current.delete(e.pointerId)
    last.current = gesture()
  }, [])

  /** Wheel (and a trackpad's pinch, which arrives as ctrl+wheel) zooms around the cursor. A native,
   * non-passive listener, so the page itself does not scroll under the board. */
  const wheelRef = useCallback((el: HTMLElement | null) => {
    if (!el) return
    el.addEventListener(
      'wheel',
      (e: WheelEvent) => {
        e.preventDefault()
        const rect = el.getBoundingClientRect()
        const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015))
        setView((v) => zoomAt(v, factor, e.clientX - rect.left, e.clientY - rect.top))
      },
      { passive: false },
    )
  }, [])

  /** While a note is dragged, the background does not pan. */
  const setLocked = useCallback((value: boolean) => {
    locked.current = value
    if (value) pointers.current.clear()
  }, [])

  return { view, setView, wheelRef, handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp }, setLocked }
}
