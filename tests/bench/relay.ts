/**
 * The stock relay for comparison: @y/websocket-server 0.1.1 exactly as its own `server.js` runs it
 * (setupWSConnection on every upgrade, no auth, no persistence, the `ws` it ships with), except that
 * it listens on PORT (0 = a free one), exits through process.exit on SIGTERM and prints `RELAY_LISTENING port=N` for the bench runner.
 */
import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { setupWSConnection } from '@y/websocket-server/utils'

/** The package's own copy of `ws` (6.x), resolved from its folder, as `npx y-websocket` would load it. */
interface StockWsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: unknown) => void): void
  emit(event: 'connection', ws: unknown, req: IncomingMessage): boolean
  on(event: 'connection', listener: (ws: unknown, req: IncomingMessage) => void): void
}
const requireFromRelay = createRequire(createRequire(import.meta.url).resolve('@y/websocket-server/package.json'))
const WebSocket = requireFromRelay('ws') as { Server: new (opts: { noServer: boolean }) => StockWsServer }

const wss = new WebSocket.Server({ noServer: true })
wss.on('connection', setupWSConnection as (ws: unknown, req: IncomingMessage) => void)

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
// Exits on SIGTERM (as by default) through process.exit, so that --cpu-prof (BENCH_CPU_PROF) writes its profile.
process.on('SIGTERM', () => process.exit(0))
server.listen(Number(process.env.PORT || 0), process.env.HOST || '127.0.0.1', () => {
  process.stdout.write(`RELAY_LISTENING port=${(server.address() as AddressInfo).port}\n`)
})
