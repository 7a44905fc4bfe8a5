/** The click that ends a drag is not a tap: true while a click comes within this long of the item being dragged. */
import { useRef } from 'react'

const AFTER_DRAG_MS = 300

/** For an item that is dragged (`dragging` as the canvas says it is): whether a click now is the drag's own. */
export function useEndsDrag(dragging: boolean): () => boolean {
  const last = useRef(0)
  if (dragging) last.current = Date.now()
  return () => Date.now() - last.current < AFTER_DRAG_MS
}
