/**
 * How the service worker (worker.ts) answers each request, as a plain function so that the rule "the
 * server's own answers never come from a cache" can be read and tested in one place (tests/unit/client).
 */

/**
 * - `network`: not answered by the worker at all; the browser asks the server as if there were no worker.
 *   A session record, a join, a dot or an export must be the server's answer of now, or fail as offline.
 * - `page`: an app route (/s/{id}/p, /j/{code}, the facilitator's and the projector's pages): the server
 *   first, the page kept on the device when the server cannot be reached.
 * - `asset`: a file of the build (content-hashed under /assets/, or listed by the build): from the device.
 */
export type RequestKind = 'network' | 'page' | 'asset'

/** Paths the server answers itself, never from a cache: its API (exports among it), the sockets, its health check. */
const SERVER_ONLY = [/^\/api(\/|$)/, /^\/ws(\/|$)/, /^\/healthz$/]

/**
 * @param precached the site-root paths the build listed for the worker (besides /assets/: the icon).
 */
export function requestKind(request: { method: string; url: string; mode: string }, origin: string, precached: ReadonlySet<string>): RequestKind {
  if (request.method !== 'GET') return 'network'
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return 'network'
  }
  if (url.origin !== origin) return 'network'
  if (SERVER_ONLY.some((pattern) => pattern.test(url.pathname))) return 'network'
  if (request.mode === 'navigate') return 'page'
  if (url.pathname.startsWith('/assets/') || precached.has(url.pathname)) return 'asset'
  return 'network'
}
