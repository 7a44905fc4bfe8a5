/**
 * A tablet opening its board page with no copy of the board (a reload after joining elsewhere, the link
 * again on a new device): the board's socket is opened by this small script, which index.html runs before
 * the app's own (vite.config.ts makes it an entry of its own). The server sends a `fresh=1` client the
 * board without being asked, so it comes while the app's script is still being evaluated — at 4× CPU
 * throttling that is ~200 ms of evaluating and, on the second load of a script, ~300 ms of V8 writing its
 * code cache, both on the main thread (bench B5) — instead of after it. The app's provider then takes the
 * socket for its own (`takeEarlySocket`), with what came on it meanwhile.
 *
 * Nothing here imports React, Yjs or the dictionary: the script must be small to come first.
 */
import { loadCredential } from '../credentials.ts'
import { parseRoute } from '../paths.ts'
import { roomOf, socketParams, socketUrl } from './address.ts'
import { readKept, storedKeyOf } from './deviceStore.ts'

/** Long enough for a slow tablet's app to start; a socket nobody took is closed then. */
const UNCLAIMED_MS = 15_000

type Handler = ((event: Event) => void) | null

interface Early {
  url: string
  socket: WebSocket
  /** open, message, error and close, in the order they came, until the app takes the socket. */
  events: Event[]
  timer: ReturnType<typeof setTimeout>
}

let early: Early | null = null

/** Opens the board's socket if this page is a tablet's board and the device has no copy of it yet. */
export function openEarlyBoardSocket(): void {
  const route = parseRoute(location.pathname)
  if (route.page !== 'participant') return
  const token = loadCredential('participant', route.sessionId)?.token
  const room = roomOf(route.sessionId, 'board')
  // With a copy of its own the tablet loads it first, and its sync step 1 says what it has (connection.ts).
  if (!token || readKept(storedKeyOf(room)).opened) return
  const url = socketUrl(room, socketParams(token, 'board', true), true)
  let socket: WebSocket
  try {
    socket = new WebSocket(url)
  } catch {
    return
  }
  socket.binaryType = 'arraybuffer'
  const events: Event[] = []
  const keep = (event: Event): void => void events.push(event)
  socket.onopen = keep
  socket.onmessage = keep
  socket.onerror = keep
  socket.onclose = keep
  const timer = setTimeout(() => {
    if (early?.socket !== socket) return
    early = null
    socket.close()
  }, UNCLAIMED_MS)
  early = { url, socket, events, timer }
}

/**
 * The early socket, if it was opened for `url`; the events it had are handed to the handlers the caller
 * sets now (in a microtask: before any event still to come, which is a task of its own). Any other
 * address: the early socket is closed, and null says to open one as usual.
 */
export function takeEarlySocket(url: string): WebSocket | null {
  const taken = early
  if (!taken) return null
  early = null
  clearTimeout(taken.timer)
  const { socket, events } = taken
  socket.onopen = null
  socket.onmessage = null
  socket.onerror = null
  socket.onclose = null
  if (taken.url !== url) {
    socket.close()
    return null
  }
  queueMicrotask(() => {
    for (const event of events) {
      const handler = (socket as unknown as Record<string, Handler>)[`on${event.type}`]
      handler?.call(socket, event)
    }
  })
  return socket
}
