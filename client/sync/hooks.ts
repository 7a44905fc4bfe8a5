/** React's view of Yjs: small stores over useSyncExternalStore, recomputed only on change. */
import { startTransition, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { DocConnection, type ConnectionStatus } from './connection.ts'
import { afterNextPaint } from './afterNextPaint.ts'
import { Handover } from './handover.ts'
import type { DocKind } from '../../shared/protocol.ts'
import type { BoardSnapshot } from '../../shared/board.ts'

const opened = new Handover<DocConnection>(15_000)
const connectionKey = (sessionId: string, kind: DocKind, token: string, owner: string | undefined, persist: boolean) =>
  JSON.stringify([sessionId, kind, token, owner ?? '', persist])

/**
 * Opens a document's connection now, for the page about to show it (the board, as soon as a join is
 * answered): useDocConnection there takes it instead of opening its own once it has rendered.
 */
export function openDocConnection(sessionId: string, kind: DocKind, token: string, owner?: string, persist = false): void {
  opened.offer(connectionKey(sessionId, kind, token, owner, persist), () => new DocConnection(sessionId, kind, token, { owner, persist }))
}

/**
 * Opens a synced document for the lifetime of the component (or none while the token is unknown); takes
 * the one openDocConnection opened for it, if any.
 */
export function useDocConnection(sessionId: string, kind: DocKind, token: string | undefined, owner?: string, persist = false): DocConnection | null {
  // One opened ahead is drawn from the first render on (a tablet's board page drawn once, board and all),
  // and taken over by the effect below.
  const [connection, setConnection] = useState<DocConnection | null>(() => (token ? (opened.peek(connectionKey(sessionId, kind, token, owner, persist)) ?? null) : null))
  useEffect(() => {
    if (!token) return undefined
    const next = opened.take(connectionKey(sessionId, kind, token, owner, persist)) ?? new DocConnection(sessionId, kind, token, { owner, persist })
    setConnection(next)
    return () => {
      next.destroy()
      setConnection(null)
    }
  }, [sessionId, kind, token, owner, persist])
  return connection
}

/** A participant's board, kept on the tablet (IndexedDB): opened at the join, taken by the participant's page. */
export const openParticipantBoard = (sessionId: string, token: string): void => openDocConnection(sessionId, 'board', token, undefined, true)
export const useParticipantBoard = (sessionId: string, token: string | undefined): DocConnection | null =>
  useDocConnection(sessionId, 'board', token, undefined, true)

/**
 * Resolves once the board openParticipantBoard opened has something to show (its first sync, or this
 * device's copy), or after `waitMs` (offline on a first visit, refused), as useLoaded decides: the tablet's
 * page is then drawn once, board and all (bench B5).
 */
export function participantBoardLoaded(sessionId: string, token: string, waitMs: number): Promise<void> {
  const connection = opened.peek(connectionKey(sessionId, 'board', token, undefined, true))
  return new Promise((resolve) => {
    if (!connection || connection.loaded) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
    const timer = setTimeout(done, waitMs)
    const unsubscribe = connection.subscribe(() => {
      if (connection.loaded) done()
    })
  })
}

const noopSubscribe = () => () => {}

/** True once `connection` has something to show: its first sync, or this device's copy loaded. */
export function useHasLoaded(connection: DocConnection | null): boolean {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.loaded ?? false)
}

/**
 * True once `connection` has something to show (its first sync, or this device's copy loaded), or `waitMs`
 * after it was opened (offline on a first visit, refused). A tablet draws its board and opens the step and
 * its own document only then: the board is built once with its notes rather than empty first and filled
 * after, and its message is not queued behind theirs on a slow tablet (bench B5).
 */
export function useLoaded(connection: DocConnection | null, waitMs: number): boolean {
  const loaded = useHasLoaded(connection)
  const [waited, setWaited] = useState(false)
  useEffect(() => {
    setWaited(false)
    if (!connection) return undefined
    const timer = setTimeout(() => setWaited(true), waitMs)
    return () => clearTimeout(timer)
  }, [connection, waitMs])
  return loaded || waited
}

/**
 * True from the frame after `ready` became true on: what comes then (a tablet's step and private sockets
 * once its board is here, the notes around the view) is not done between a render and its first frame
 * (bench B5). `inSlices`: React draws what it changes as a transition, a few milliseconds at a time
 * between frames, so the tablet answers a finger meanwhile (the notes around the view: the whole canvas
 * gone over again).
 */
export function useAfterPaint(ready: boolean, inSlices = false): boolean {
  const [painted, setPainted] = useState(false)
  useEffect(
    () => (ready && !painted ? afterNextPaint(() => (inSlices ? startTransition(() => setPainted(true)) : setPainted(true))) : undefined),
    [ready, painted, inSlices],
  )
  return ready && painted
}

/** The plain copy of the board to draw until the document itself has come (preview.ts); null once it has, or none came. */
export function useBoardPreview(connection: DocConnection | null): BoardSnapshot | null {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.preview ?? null)
}

export function useConnectionStatus(connection: DocConnection | null): ConnectionStatus {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, connection?.getStatus ?? (() => 'connecting' as const))
}

const NO_IDS: ReadonlySet<string> = new Set()

/** Notes written on this device that the server has not yet confirmed on disk (未送信). */
export function useUnsent(connection: DocConnection | null): ReadonlySet<string> {
  const store = useMemo(() => {
    if (!connection) return { subscribe: noopSubscribe, get: () => NO_IDS }
    let version = -1
    let cached: ReadonlySet<string> = NO_IDS
    return {
      subscribe: connection.subscribe,
      get: () => {
        if (connection.getVersion() !== version) {
          version = connection.getVersion()
          cached = connection.unsentNoteIds()
        }
        return cached
      },
    }
  }, [connection])
  return useSyncExternalStore(store.subscribe, store.get)
}

/** Notes deleted on this device whose delete the server has not yet confirmed on disk (削除…件は未送信). */
export function useUnsentDeletes(connection: DocConnection | null): number {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.unsentDeleteCount() ?? 0)
}

/** Why the server last refused a change from this tablet, while something is still unsent. */
export function useRefusal(connection: DocConnection | null): string | null {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.refusal ?? null)
}

/** How many times the document's socket has opened (see DocConnection.connections). */
export function useConnections(connection: DocConnection | null): number {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.connections ?? 0)
}

/** How many of the document's sockets closed before opening (see DocConnection.failedOpens). */
export function useFailedOpens(connection: DocConnection | null): number {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.failedOpens ?? 0)
}

/** True once the server has said this token no longer works (the facilitator removed the person). */
export function useRefused(connection: DocConnection | null): boolean {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, () => connection?.refused ?? false)
}

export interface DocStore<T> {
  value: T
  /** The document's transaction count when `value` was read. */
  readAt: number
  listeners: Set<() => void>
  subscribe: (onChange: () => void) => () => void
  get: () => T
}

/** One store per document and selector, shared by every component that reads the same value. */
const docStores = new WeakMap<Y.Doc, Map<(doc: Y.Doc) => unknown, DocStore<unknown>>>()

/** Transactions per document, counted from its first store on: whether a store's value may be stale. */
const transactions = new WeakMap<Y.Doc, { count: number }>()
function transactionsOf(doc: Y.Doc): { count: number } {
  let counter = transactions.get(doc)
  if (!counter) {
    const created = { count: 0 }
    doc.on('afterTransaction', () => created.count++)
    transactions.set(doc, (counter = created))
  }
  return counter
}

export function docStore<T>(doc: Y.Doc, select: (doc: Y.Doc) => T): DocStore<T> {
  let perDoc = docStores.get(doc)
  if (!perDoc) docStores.set(doc, (perDoc = new Map()))
  const existing = perDoc.get(select)
  if (existing) return existing as DocStore<T>
  const counter = transactionsOf(doc)
  const read = (): void => {
    store.value = select(doc)
    store.readAt = counter.count
  }
  const store: DocStore<T> = {
    value: select(doc),
    readAt: counter.count,
    listeners: new Set(),
    subscribe: (onChange) => {
      if (store.listeners.size === 0) {
        // The first sync may have landed between render and subscribe: catch up now (React checks the
        // snapshot again right after subscribing). Only then: a new value of the same content has React
        // draw the whole board a second time as it mounts (bench B5).
        if (store.readAt !== counter.count) read()
        doc.on('afterTransaction', handler)
      }
      store.listeners.add(onChange)
      return () => {
        store.listeners.delete(onChange)
        if (store.listeners.size === 0) doc.off('afterTransaction', handler)
      }
    },
    get: () => store.value,
  }
  const handler = () => {
    read()
    for (const listener of store.listeners) listener()
  }
  perDoc.set(select, store as DocStore<unknown>)
  return store
}

/**
 * A value derived from a document, recomputed once per transaction however many components read it
 * (the facilitator page reads the board in the page, the workspace and the overview). `select` must be
 * a stable module-level function: it is the key of the shared store.
 */
export function useDocValue<T>(doc: Y.Doc | undefined, select: (doc: Y.Doc) => T, empty: T): T {
  const store = useMemo(() => (doc ? docStore(doc, select) : { subscribe: noopSubscribe, get: () => empty }), [doc])
  return useSyncExternalStore(store.subscribe, store.get)
}

/** Presence states of a connection's awareness, as the server stamped them. */
export interface PresenceUser {
  role: string
  id: string
  name: string
  table: string
}

export interface AwarenessEntry {
  clientId: number
  user: PresenceUser | undefined
  state: Record<string, unknown>
}

/** Everyone else's awareness states (presence, drags). */
export function useAwarenessStates(connection: DocConnection | null): AwarenessEntry[] {
  const store = useMemo(() => (connection ? awarenessStore(connection.provider.awareness) : { subscribe: noopSubscribe, get: () => NO_ENTRIES }), [connection])
  return useSyncExternalStore(store.subscribe, store.get)
}

const NO_ENTRIES: AwarenessEntry[] = []

/** The store behind useAwarenessStates: a new list only when someone else's state changed. */
export function awarenessStore(awareness: Awareness): { subscribe: (onChange: () => void) => () => void; get: () => AwarenessEntry[] } {
  const read = (): AwarenessEntry[] => {
    const entries: AwarenessEntry[] = []
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return
      const record = state as Record<string, unknown> & { user?: PresenceUser }
      entries.push({ clientId, user: record.user, state: record })
    })
    return entries
  }
  let cached = read()
  return {
    subscribe: (onChange) => {
      const handler = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        // This tablet's own state (its drag, 10 times a second) is not in the list: nothing to redraw.
        const self = awareness.clientID
        if (added.every((id) => id === self) && updated.every((id) => id === self) && removed.every((id) => id === self)) return
        cached = read()
        onChange()
      }
      // What came between render and subscribe. Only then a new list: React checks the value again right
      // after subscribing, and a new list of the same states had it draw the whole workspace again, at
      // once, right after a tablet's first frame of its board (its own presence is set meanwhile; bench B5).
      const now = read()
      if (!sameEntries(now, cached)) cached = now
      awareness.on('change', handler)
      return () => awareness.off('change', handler)
    },
    get: () => cached,
  }
}

/** The same people in the same states (Awareness replaces a state's object whenever it changes). */
const sameEntries = (a: readonly AwarenessEntry[], b: readonly AwarenessEntry[]): boolean =>
  a.length === b.length && a.every((entry, i) => entry.clientId === b[i]!.clientId && entry.state === b[i]!.state)

export function usePresence(connection: DocConnection | null): PresenceUser[] {
  const states = useAwarenessStates(connection)
  return useMemo(() => states.flatMap((s) => (s.user ? [s.user] : [])), [states])
}
