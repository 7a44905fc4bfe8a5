/**
 * client/sync/hooks.ts awarenessStore, the store behind useAwarenessStates: React reads its list while
 * rendering and again right after subscribing; a new list then (even of the same people) makes React
 * draw the whole board workspace again at once.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { awarenessStore } from '../../../client/sync/hooks.ts'

/** This tablet's awareness, and another tablet's whose presence reaches it. */
function pair(): { mine: Awareness; theirs: Awareness; hear: () => void } {
  const mine = new Awareness(new Y.Doc())
  const theirs = new Awareness(new Y.Doc())
  const hear = () => applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'server')
  return { mine, theirs, hear }
}

describe('awarenessStore', () => {
  it('keeps the list read while rendering when only this tablet set its own presence before subscribing', () => {
    const { mine, theirs, hear } = pair()
    theirs.setLocalState({ here: true })
    hear()
    const store = awarenessStore(mine)
    const rendered = store.get()
    expect(rendered.map((e) => e.clientId)).toEqual([theirs.clientID])
    // The page's effect says this tablet is here, before the workspace's subscription comes.
    mine.setLocalState({ here: true })
    let changes = 0
    const unsubscribe = store.subscribe(() => changes++)
    expect(store.get()).toBe(rendered)
    mine.setLocalState({ here: true, drag: { item: 'note:n1', x: 1, y: 2 } })
    expect(changes).toBe(0)
    expect(store.get()).toBe(rendered)
    unsubscribe()
  })

  it('reads again on subscribing when someone else came or changed after the list was read', () => {
    const { mine, theirs, hear } = pair()
    const store = awarenessStore(mine)
    expect(store.get()).toEqual([])
    theirs.setLocalState({ here: true })
    hear()
    const unsubscribe = store.subscribe(() => {})
    expect(store.get().map((e) => e.state)).toEqual([{ here: true }])
    unsubscribe()
  })

  it('gives a new list when someone else moves, and tells the subscriber', () => {
    const { mine, theirs, hear } = pair()
    theirs.setLocalState({ here: true })
    hear()
    const store = awarenessStore(mine)
    let changes = 0
    const unsubscribe = store.subscribe(() => changes++)
    const before = store.get()
    theirs.setLocalState({ here: true, drag: { item: 'note:n1', x: 10, y: 20 } })
    hear()
    expect(changes).toBe(1)
    expect(store.get()).not.toBe(before)
    expect(store.get()[0]!.state).toEqual({ here: true, drag: { item: 'note:n1', x: 10, y: 20 } })
    unsubscribe()
  })
})
