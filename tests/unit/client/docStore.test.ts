/**
 * client/sync/hooks.ts docStore, the store behind useDocValue: React reads its value while rendering and
 * again right after subscribing; a new value then (even of the same content) makes React render again.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docStore } from '../../../client/sync/hooks.ts'

/** A fresh object on every read, as readBoard's snapshot is. */
const readNames = (doc: Y.Doc) => ({ names: doc.getArray<string>('names').toArray() })

describe('docStore', () => {
  it('keeps the value read while rendering when nothing changed before subscribing', () => {
    const doc = new Y.Doc()
    doc.getArray<string>('names').push(['はなこ'])
    const store = docStore(doc, readNames)
    const rendered = store.get()
    const unsubscribe = store.subscribe(() => {})
    expect(store.get()).toBe(rendered)
    unsubscribe()
  })

  it('reads again on subscribing when the document changed after the value was read', () => {
    const doc = new Y.Doc()
    const store = docStore(doc, readNames)
    expect(store.get().names).toEqual([])
    // The first sync landing between render and subscribe.
    doc.getArray<string>('names').push(['たろう'])
    const unsubscribe = store.subscribe(() => {})
    expect(store.get().names).toEqual(['たろう'])
    unsubscribe()
  })

  it('follows changes while subscribed, and catches up with those made while nobody listened', () => {
    const doc = new Y.Doc()
    const store = docStore(doc, readNames)
    let heard = 0
    const unsubscribe = store.subscribe(() => heard++)
    doc.getArray<string>('names').push(['じろう'])
    expect(heard).toBe(1)
    expect(store.get().names).toEqual(['じろう'])
    unsubscribe()
    doc.getArray<string>('names').push(['さぶろう'])
    const kept = store.get()
    expect(kept.names).toEqual(['じろう'])
    const again = store.subscribe(() => {})
    expect(store.get().names).toEqual(['じろう', 'さぶろう'])
    const current = store.get()
    again()
    const third = store.subscribe(() => {})
    expect(store.get()).toBe(current)
    third()
  })
})
