/**
 * The one file that touches `ws`. Authenticates at the HTTP upgrade (401/403 before any upgrade),
 * caps frames at MAX_PAYLOAD_BYTES (1009), listens for errors on every socket (a frame with RSV bits,
 * bad UTF-8 or no mask closes that socket only), runs a ping/pong heartbeat, and hands binary frames
 * to the room.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { CloseCode, MAX_PAYLOAD_BYTES, MessageType, docName, isDocKind } from '../shared/protocol.ts'
import type { Peer, Rooms } from './rooms.ts'
import type { Sessions } from './sessions.ts'
import { originAllowed } from './net.ts'
import { errorBody } from './http/util.ts'
import { logError } from './log.ts'
import type { MessageKey } from '../shared/i18n/index.ts'

/** `deflate=1`: a large first sync deflated as it is; `deflate=2`: in Yjs's second encoding (see protocol.ts). */
const DEFLATE_PARAM = new Map<string | null, Peer['deflate']>([['1', 'v1'], ['2', 'v2']])

const WS_PATH = /^\/ws\/([A-Za-z0-9_-]{1,64})\/([a-z]+)(?:\/([A-Za-z0-9_-]{1,64}))?$/

export interface WsDeps {
  rooms: Rooms
  sessions: Sessions
  allowedOrigins: readonly string[]
  heartbeatMs: number
  keepaliveMs: number
}

export interface WsHandle {
  wss: WebSocketServer
  /** Stops the heartbeat and terminates every socket. */
  close(): void
}

/**
 * A binary message framed as a server sends it (RFC 6455 §5.2: FIN, opcode 2, never masked), made once
 * and written as it is to every socket of a fan-out. ws's own send frames each copy again and writes
 * header and payload as two buffers through a corked stream, which is most of a relay's work besides
 * the kernel's. The last message framed is kept: a relay sends one message to many sockets in a row.
 */
let lastMessage: Uint8Array | null = null
let lastFrame: Buffer = Buffer.alloc(0)
function binaryFrame(data: Uint8Array): Buffer {
  if (data === lastMessage) return lastFrame
  const length = data.byteLength
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(head + length)
  frame[0] = 0x82
  if (length < 126) {
    frame[1] = length
  } else if (length < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  frame.set(data, head)
  lastMessage = data
  lastFrame = frame
  return frame
}

/**
 * What a socket gets when it has been sent nothing for a while: an awareness update about no one (applied,
 * it changes nothing). A stock y-websocket provider that hears nothing for 30 s closes and reconnects, and
 * a tablet or laptop alone in its room hears nothing: the server never sends anyone their own presence. So
 * the facilitator's laptop, before anyone joins, went through a reconnect every 30 s.
 */
const KEEPALIVE = Uint8Array.of(MessageType.Awareness, 1, 0)

function refuse(socket: Duplex, status: number, text: string, code: string, key: MessageKey): void {
  const body = JSON.stringify(errorBody(code, key))
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  socket.destroy()
}

export function attachWebSockets(server: Server, deps: WsDeps): WsHandle {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false })
  const alive = new WeakMap<WebSocket, boolean>()
  // Keep-alive: each interval is a tick; a socket last sent something before the previous tick gets KEEPALIVE,
  // so none goes two intervals without a message (one assignment per send, no clock read).
  let tick = 0
  const keepers = new Set<() => void>()

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      return refuse(socket, 400, 'Bad Request', 'bad-url', 'error.badRequest')
    }
    const match = WS_PATH.exec(url.pathname)
    const kind = match?.[2]
    if (!match || !isDocKind(kind)) return refuse(socket, 404, 'Not Found', 'not-found', 'error.notFound')
    if (!originAllowed(req, deps.allowedOrigins)) return refuse(socket, 403, 'Forbidden', 'forbidden-origin', 'error.forbiddenOrigin')
    const sessionId = match[1]!
    const principal = deps.sessions.authenticate(sessionId, url.searchParams.get('token') ?? undefined)
    if (!principal) return refuse(socket, 401, 'Unauthorized', 'unauthorized', 'error.unauthorized')
    // 個人ワーク: a participant opens only their own private document; the facilitator names whose.
    let owner: string | undefined
    if (kind === 'private') {
      owner = principal.role === 'participant' ? principal.id : principal.role === 'facilitator' ? match[3] : undefined
      if (!owner || (principal.role === 'participant' && match[3] !== undefined && match[3] !== principal.id)) {
        return refuse(socket, 403, 'Forbidden', 'forbidden', 'error.unauthorized')
      }
    } else if (match[3] !== undefined) {
      return refuse(socket, 404, 'Not Found', 'not-found', 'error.notFound')
    }

    wss.handleUpgrade(req, socket, head, (ws) => {
      let sentAt = tick
      const keep = (): void => {
        if (sentAt >= tick - 1) return
        sentAt = tick
        if (ws.readyState === WebSocket.OPEN && socket.writable) socket.write(binaryFrame(KEEPALIVE))
      }
      keepers.add(keep)
      const peer: Peer = {
        socket: {
          // Straight onto the upgraded socket, which ws also writes to: ws's sender writes synchronously
          // (no permessage-deflate here, no Blobs), so frames never interleave. Nothing once closing.
          send: (data) => {
            sentAt = tick
            if (ws.readyState === WebSocket.OPEN && socket.writable) socket.write(binaryFrame(data))
          },
          close: (code, reason) => ws.close(code, reason),
          // What ws would say (it queues nothing of its own without permessage-deflate), read straight from the socket.
          get bufferedAmount() {
            return socket.writableLength
          },
        },
        identity: { role: principal.role, id: principal.id, name: principal.name, table: principal.table, tokenHash: principal.tokenHash },
        awarenessIds: new Set(),
        wantsAck: url.searchParams.get('ack') === '1',
        deflate: DEFLATE_PARAM.get(url.searchParams.get('deflate')),
        fresh: url.searchParams.get('fresh') === '1',
        preview: url.searchParams.get('preview') === '1' && principal.role === 'participant',
      }
      alive.set(ws, true)
      let room: ReturnType<Rooms['join']> | undefined
      ws.on('error', () => {
        // ws has already closed the socket with 1002/1007/1009; the room forgets it on 'close'.
      })
      ws.on('pong', () => alive.set(ws, true))
      ws.on('message', (data, isBinary) => {
        alive.set(ws, true)
        if (!room) return
        if (!isBinary) {
          room.closePeer(peer, CloseCode.BadMessage, 'text frames are not part of the protocol')
          return
        }
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
        room.receive(peer, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      })
      ws.on('close', () => {
        keepers.delete(keep)
        if (room) deps.rooms.leave(room, peer)
      })
      try {
        room = deps.rooms.join(docName(sessionId, kind, owner), kind, peer)
      } catch (error) {
        logError(`opening ${sessionId}/${kind}`, error)
        ws.close(CloseCode.GoingAway, 'room unavailable')
      }
    })
  })

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      try {
        ws.ping()
      } catch {
        ws.terminate()
      }
    }
  }, deps.heartbeatMs)
  heartbeat.unref()
  const keepalive = setInterval(() => {
    tick++
    for (const keep of keepers) keep()
  }, deps.keepaliveMs)
  keepalive.unref()

  return {
    wss,
    close() {
      clearInterval(heartbeat)
      clearInterval(keepalive)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    },
  }
}
