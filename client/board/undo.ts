/**
 * Undo and redo per person: a Y.UndoManager that tracks only transactions made with this person's
 * origin, so undo never takes back what someone else at the table did.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import { BOARD_KEYS } from '../../shared/schema.ts'

export interface Undo {
  /** Pass this to every board operation made by this person. */
  origin: object
  undo(): void
  redo(): void
  canUndo: boolean
  canRedo: boolean
  /** How many changes 元に戻す can take back, as drawn. */
  depth: number
  /** The same, read now (in an event handler, right after a change, before the page is drawn again). */
  depthNow(): number
}

export function useUndo(doc: Y.Doc | undefined): Undo {
  const origin = useMemo(() => ({ person: 'me' }), [])
  const manager = useMemo(() => {
    if (!doc) return null
    return new Y.UndoManager([doc.getMap(BOARD_KEYS.notes), doc.getMap(BOARD_KEYS.groups), doc.getMap(BOARD_KEYS.links)], {
      trackedOrigins: new Set([origin]),
      // Every action a person takes (a post, a drop, a delete) is its own undo step, however quick.
      captureTimeout: 0,
    })
  }, [doc, origin])
  useEffect(() => () => manager?.destroy(), [manager])
  const state = useSyncExternalStore(
    (onChange) => {
      if (!manager) return () => {}
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const
      events.forEach((e) => manager.on(e, onChange))
      return () => events.forEach((e) => manager.off(e, onChange))
    },
    () => (manager ? `${manager.undoStack.length}:${manager.redoStack.length}` : '0:0'),
  )
  const [undoCount, redoCount] = state.split(':').map(Number)
  return {
    origin,
    undo: () => manager?.undo(),
    redo: () => manager?.redo(),
    canUndo: (undoCount ?? 0) > 0,
    canRedo: (redoCount ?? 0) > 0,
    depth: undoCount ?? 0,
    depthNow: () => manager?.undoStack.length ?? 0,
  }
}
