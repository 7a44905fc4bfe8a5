/**
 * Which page an address is, without React: the small script that opens a tablet's board socket before
 * the app's (earlySocket.ts) reads it too.
 */
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
