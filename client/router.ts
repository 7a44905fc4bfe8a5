/** A tiny router over the History API: five routes do not need a library. */
import { useSyncExternalStore } from 'react'
import { parseRoute, type Route } from './paths.ts'

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
