/** Clients for tests: the stock y-websocket provider, and a raw socket that speaks the protocol by hand. */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import net from 'node:net'
import { randomBytes } from 'node:crypto'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType, TERMINAL_CLOSE_CODES } from '../../shared/protocol.ts'
import { waitFor } from './server.ts'
import { jitterReconnects, type JitterOptions } from '../../client/sync/reconnect.ts'

export interface YClient {
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/**
 * A y-websocket client as a tablet runs it (no cross-tab channel, jittered reconnects; the cap is
 * the stock provider's 2.5 s unless `jitter` says otherwise). `params` are added to the URL's (`deflate`).
 */
export function yClient(wsBase: string, sessionId: string, kind: 'board' | 'control', token: string, doc = new Y.Doc(), jitter: JitterOptions = {}, params: Record<string, string> = {}): YClient {
  const provider = new WebsocketProvider(wsBase, `${sessionId}/${kind}`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...params, token },
    disableBc: true,
    // As the tablet's page does: only a revoked token stops reconnecting.
    shouldReconnect: (event: CloseEvent) => !TERMINAL_CLOSE_CODES.has(event.code),
  } as ConstructorParameters<typeof WebsocketProvider>[3])
  jitterReconnects(provider, { capMs: 2_500, ...jitter })
  return {
    doc,
    provider,
    destroy() {
      provider.awareness.destroy()
      provider.destroy()
    },
  }
}

export async function synced(client: YClient): Promise<void> {
  await waitFor(() => client.provider.synced, 'client sync')
}

/** A plain ws socket that records every message and the close code. */
export class RawClient {
  readonly messages: Uint8Array[] = []
  closeCode: number | null = null
  opened = false
  readonly ws: WebSocket

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers })
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => (this.opened = true))
    this.ws.on('message', (data: Buffer) => this.messages.push(new Uint8Array(data)))
    this.ws.on('close', (code) => (this.closeCode = code))
    this.ws.on('error', () => {})
  }

  async open(): Promise<void> {
    await waitFor(() => this.opened || this.closeCode !== null, 'socket open')
    if (!this.opened) throw new Error(`socket closed with ${this.closeCode}`)
  }

  send(data: Uint8Array): void {
    this.ws.send(data)
  }

  async closed(): Promise<number> {
    await waitFor(() => this.closeCode !== null, 'socket close')
    return this.closeCode!
  }

  /** Sync updates (step 2 and update messages) received so far, decoded. */
  receivedUpdates(): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const message of this.messages) {
      const decoder = decoding.createDecoder(message)
      if (decoding.readVarUint(decoder) !== MessageType.Sync) continue
      const subtype = decoding.readVarUint(decoder)
      if (subtype === 1 || subtype === 2) out.push(decoding.readVarUint8Array(decoder))
    }
    return out
  }

  close(): void {
    this.ws.close()
  }
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/**
 * Opens a WebSocket by hand over TCP, so a test can write frames that no well-behaved client would
 * (RSV bits, unmasked, bad UTF-8). Resolves once the server answered 101.
 */
export function rawTcpWebSocket(port: number, pathWithQuery: string): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const key = randomBytes(16).toString('base64')
    let buffer = ''
    const closed = new Promise<void>((r) => socket.on('close', () => r()))
    socket.on('error', () => {})
    socket.once('connect', () => {
      socket.write(
        `GET ${pathWithQuery} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      )
    })
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1')
      if (!buffer.includes('\r\n\r\n')) return
      socket.off('data', onData)
      if (buffer.startsWith('HTTP/1.1 101')) resolve({ socket, closed })
      else reject(new Error(buffer.split('\r\n')[0]))
    }
    socket.on('data', onData)
  })
}

/** A client-to-server frame: FIN, the given opcode and RSV bits, masked unless told otherwise. */
export function frame(payload: Uint8Array, opts: { opcode?: number; rsv?: number; masked?: boolean } = {}): Buffer {
  const { opcode = 2, rsv = 0, masked = true } = opts
  const header: number[] = [0x80 | (rsv << 4) | opcode]
  const len = payload.length
  const maskBit = masked ? 0x80 : 0
  if (len < 126) header.push(maskBit | len)
  else if (len < 65536) header.push(maskBit | 126, len >> 8, len & 0xff)
  else throw new Error('frame helper: payload too large')
  if (!masked) return Buffer.concat([Buffer.from(header), Buffer.from(payload)])
  const mask = randomBytes(4)
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))
  return Buffer.concat([Buffer.from(header), mask, body])
}
