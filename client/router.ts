/** A tiny router over the History API: five routes do not need a library. */
import { useSyncExternalStore } from 'react'

export type Route =
  | { page: 'home' }
  | { page: 'join'; code: string }
  | { page: 'participant'; sessionId: string }
  | { page: 'facilitator'; sessionId: string }
  | { page: 'projector'; sessionId: string }
  | { page: 'notFound' }

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  const join = /^\/j\/([^/]+)\/?$/.exec(pathname)
  if (join) return { page: 'join', code: decodeURIComponent(join[1]!) }
  const session = /^\/s\/([A-Za-z0-9_-]+)\/(p|facilitator|projector)\/?$/.exec(pathname)
  if (session) {
    const sessionId = session[1]!
    if (session[2] === 'p') return { page: 'participant', sessionId }
    if (session[2] === 'facilitator') return { page: 'facilitator', sessionId }
    return { page: 'projector', sessionId }
  }
  return { page: 'notFound' }
}

const listeners = new Set<() => void>()
window.addEventListener('popstate', () => listeners.forEach((l) => l()))

export function navigate(path: string): void {
  history.pushState(null, '', path)
  listeners.forEach((l) => l())
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => location.pathname)
  return parseRoute(pathname)
}

export const participantPath = (sessionId: string) => `/s/${sessionId}/p`
export const facilitatorPath = (sessionId: string) => `/s/${sessionId}/facilitator`
