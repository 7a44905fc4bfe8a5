/** Wires HTTP, WebSockets, storage and rooms into one server: one process, one port. */
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config.ts'
import { SqliteStore } from './store/sqlite.ts'
import { Rooms } from './rooms.ts'
import type * as Y from 'yjs'
import { checkParticipantUpdate, type Locks } from './policy.ts'
import { readGallery, readLocks } from '../shared/control.ts'
import { Sessions } from './sessions.ts'
import { Votes } from './votes.ts'
import { Agreements } from './agree.ts'
import { FailureLimiter } from './auth.ts'
import { handleApi } from './http/api.ts'
import { serveStatic } from './http/static.ts'
import { attachWebSockets } from './wsServer.ts'
import { CloseCode } from '../shared/protocol.ts'
import { log, logError } from './log.ts'
import { LanChoice } from './net.ts'
import type os from 'node:os'

export interface YoriaiServer {
  readonly http: http.Server
  readonly rooms: Rooms
  readonly sessions: Sessions
  readonly store: SqliteStore
  /** This machine's LAN addresses and the one links and QR codes use. */
  readonly lan: LanChoice
  /** Resolves with the bound port once listening. */
  listen(): Promise<number>
  /** Stores everything, closes every socket and the database. */
  close(): Promise<void>
  port(): number
}

/** What the board's rules need of the control document: the locks, and whether ギャラリーウォーク is on. */
function boardLocks(control: Y.Doc): Locks {
  const { board, canvases } = readLocks(control)
  return { board, canvases: new Set(canvases), gallery: readGallery(control) }
}

export interface ServerOptions {
  /** The machine's adapters (tests give their own; default os.networkInterfaces). */
  networkInterfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>
}

export function createServer(config: ServerConfig, options: ServerOptions = {}): YoriaiServer {
  const store = new SqliteStore(path.join(config.dataDir, 'yoriai.sqlite'))
  const rooms: Rooms = new Rooms(config.durable ? store : null, {
    idleMs: config.roomIdleMs,
    compactAfter: config.compactAfter,
    // Participants' board writes are held to the board's rules, with the locks from the control document.
    authorize: (name, kind) => {
      if (kind !== 'board') return undefined
      const controlName = name.replace(/\/board$/, '/control')
      return (room, peer, update, decoded) => {
        if (peer.identity.role !== 'participant') return null
        const locks = rooms.withDoc(controlName, 'control', (control) => control.memo(boardLocks))
        const result = checkParticipantUpdate(room.doc, update, decoded, peer.identity, locks, { bytes: room.storedBytes })
        return result.ok ? null : result.reason
      }
    },
  })
  const sessions = new Sessions(store)
  const votes = new Votes(store, rooms)
  const agreements = new Agreements(store, rooms)
  const lan = new LanChoice(path.join(config.dataDir, 'lan-address.txt'), options.networkInterfaces)
  const joinLimiter = new FailureLimiter(config.joinFailuresPerMinute)
  const sweep = setInterval(() => joinLimiter.sweep(), 60_000)
  sweep.unref()

  const port = (): number => (server.address() as AddressInfo | null)?.port ?? config.port

  const server = http.createServer((req, res) => {
    let pathname = '/'
    try {
      // Only the path is used from here on: the query string can hold a token and is never logged.
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      res.writeHead(400).end()
      return
    }
    const started = Date.now()
    res.on('finish', () => {
      if (config.logRequests && pathname.startsWith('/api/')) log(`${req.method} ${pathname} ${res.statusCode} ${Date.now() - started}ms`)
    })
    handleApi(req, res, pathname, { sessions, rooms, votes, agreements, config, joinLimiter, port, lan })
      .then((handled) => {
        if (!handled) serveStatic(req, res, pathname, config.clientDir)
      })
      .catch((error: unknown) => {
        logError(`request ${pathname}`, error)
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  server.keepAliveTimeout = 65_000

  const ws = attachWebSockets(server, {
    rooms,
    sessions,
    allowedOrigins: config.allowedOrigins,
    heartbeatMs: config.heartbeatMs,
    keepaliveMs: config.keepaliveMs,
  })

  return {
    http: server,
    rooms,
    sessions,
    store,
    lan,
    port,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(config.port, config.host, () => {
          server.off('error', reject)
          resolve(port())
        })
      }),
    close: () =>
      new Promise((resolve) => {
        clearInterval(sweep)
        rooms.closeAll(CloseCode.GoingAway, 'server shutting down')
        ws.close()
        server.closeAllConnections()
        server.close(() => {
          store.close()
          resolve()
        })
      }),
  }
}
