/**
 * One Yjs document synced with the server over the stock y-websocket provider, plus a connection
 * state a person can read (接続中 / 再接続中 / オフライン).
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { TERMINAL_CLOSE_CODES, type DocKind } from '../../shared/protocol.ts'

export type ConnectionStatus = 'connected' | 'connecting' | 'offline'

type Listener = () => void

export class DocConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private status: ConnectionStatus = 'connecting'
  private readonly listeners = new Set<Listener>()
  /** Set when the server said the token is no longer valid (revoked). */
  refused = false

  /** `owner`: whose private document the facilitator opens (participants always open their own). */
  constructor(sessionId: string, kind: DocKind, token: string, owner?: string) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const room = owner ? `${sessionId}/${kind}/${owner}` : `${sessionId}/${kind}`
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/ws`, room, this.doc, {
      params: { token },
      // Cross-tab sync would bypass the server's permission checks between two roles in one browser.
      disableBc: true,
      maxBackoffTime: 10_000,
      shouldReconnect: (event: CloseEvent) => !TERMINAL_CLOSE_CODES.has(event.code),
    } as ConstructorParameters<typeof WebsocketProvider>[3])
    this.provider.on('status', ({ status }) => {
      this.setStatus(status === 'connected' ? 'connected' : navigator.onLine ? 'connecting' : 'offline')
    })
    this.provider.on('closed', () => {
      this.refused = true
      this.emit()
    })
    window.addEventListener('online', this.onNetworkChange)
    window.addEventListener('offline', this.onNetworkChange)
  }

  private readonly onNetworkChange = (): void => {
    if (!navigator.onLine) this.setStatus('offline')
    else if (this.status === 'offline') this.setStatus(this.provider.wsconnected ? 'connected' : 'connecting')
  }

  private setStatus(next: ConnectionStatus): void {
    if (next === this.status) return
    this.status = next
    this.emit()
  }

  getStatus = (): ConnectionStatus => this.status

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(): void {
    for (const listener of this.listeners) listener()
  }

  destroy(): void {
    window.removeEventListener('online', this.onNetworkChange)
    window.removeEventListener('offline', this.onNetworkChange)
    this.provider.awareness.destroy()
    this.provider.destroy()
    this.doc.destroy()
  }
}
