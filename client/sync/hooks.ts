/** React's view of Yjs: small stores over useSyncExternalStore, recomputed only on change. */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { DocConnection, type ConnectionStatus } from './connection.ts'
import type { DocKind } from '../../shared/protocol.ts'

/** Opens a synced document for the lifetime of the component (or none while the token is unknown). */
export function useDocConnection(sessionId: string, kind: DocKind, token: string | undefined): DocConnection | null {
  const [connection, setConnection] = useState<DocConnection | null>(null)
  useEffect(() => {
    if (!token) return undefined
    const next = new DocConnection(sessionId, kind, token)
    setConnection(next)
    return () => {
      next.destroy()
      setConnection(null)
    }
  }, [sessionId, kind, token])
  return connection
}

const noopSubscribe = () => () => {}

export function useConnectionStatus(connection: DocConnection | null): ConnectionStatus {
  return useSyncExternalStore(connection?.subscribe ?? noopSubscribe, connection?.getStatus ?? (() => 'connecting' as const))
}

/** A value derived from a Y.Doc, recomputed after each transaction that changed it. */
export function useDocValue<T>(doc: Y.Doc | undefined, select: (doc: Y.Doc) => T, empty: T): T {
  const store = useMemo(() => {
    if (!doc) return { subscribe: noopSubscribe, get: () => empty }
    let cached = select(doc)
    return {
      subscribe: (onChange: () => void) => {
        const handler = () => {
          cached = select(doc)
          onChange()
        }
        doc.on('afterTransaction', handler)
        return () => doc.off('afterTransaction', handler)
      },
      get: () => cached,
    }
    // select is expected to be a stable module-level function
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc])
  return useSyncExternalStore(store.subscribe, store.get)
}

/** Presence states of a connection's awareness, as the server stamped them. */
export interface PresenceUser {
  role: string
  id: string
  name: string
  table: string
}

export function usePresence(connection: DocConnection | null): PresenceUser[] {
  const store = useMemo(() => {
    if (!connection) return { subscribe: noopSubscribe, get: () => [] as PresenceUser[] }
    const awareness = connection.provider.awareness
    const read = (): PresenceUser[] => {
      const users: PresenceUser[] = []
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return
        const user = (state as { user?: PresenceUser }).user
        if (user) users.push(user)
      })
      return users
    }
    let cached = read()
    return {
      subscribe: (onChange: () => void) => {
        const handler = () => {
          cached = read()
          onChange()
        }
        awareness.on('change', handler)
        return () => awareness.off('change', handler)
      },
      get: () => cached,
    }
  }, [connection])
  return useSyncExternalStore(store.subscribe, store.get)
}
