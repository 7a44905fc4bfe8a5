/**
 * One Yjs document synced with the server over the stock y-websocket provider, plus a connection
 * state a person can read (接続中 / 再接続中 / オフライン).
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as decoding from 'lib0/decoding'
import { CloseCode, MessageType, TERMINAL_CLOSE_CODES, type DocKind } from '../../shared/protocol.ts'
import { notesMap, readNote, type Note } from '../../shared/schema.ts'
import { jitterReconnects } from './reconnect.ts'
import { applyFirstSyncQuietly, takeDeflatedSync } from './firstSync.ts'
import { forgetOthersOnDisconnect, sendOwnPresenceOnly } from './presence.ts'
import { DeletedEditKeeper } from './trashKeeper.ts'
import { afterNextPaint } from './afterNextPaint.ts'
import { countingWebSocket, type CountingSocket } from './countingSocket.ts'
import { PreviewGate, takeBoardPreview } from './preview.ts'
import type { BoardSnapshot } from '../../shared/board.ts'
import { roomOf, socketParams, socketServerUrl, withFresh } from './address.ts'
import { readKept, readStrings, storedKeyOf, writeIds, writeStored, writeStrings } from './deviceStore.ts'

export interface ConnectionOptions {
  /** Whose private document the facilitator opens (participants always open their own). */
  owner?: string | undefined
  /** Keep a copy on this device (IndexedDB), so a tablet without Wi-Fi loses nothing, even on reload. */
  persist?: boolean
}

export type ConnectionStatus = 'connected' | 'connecting' | 'offline'

/**
 * The stock provider, whose address says `fresh=1` while its document is empty (a first visit, before
 * anything has come): the server then sends the whole board without waiting for this side's sync step 1
 * (one round trip less on joining; bench B5). Read at each connection, so a reconnect never says it.
 */
class Provider extends WebsocketProvider {
  override get url(): string {
    return this.doc.store.clients.size === 0 ? withFresh(super.url) : super.url
  }
}

type Listener = () => void

export class DocConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private status: ConnectionStatus = 'connecting'
  private readonly listeners = new Set<Listener>()
  /** Set when the server said the token is no longer valid (revoked). */
  refused = false
  /** Something to show: the server's first sync came, or this device's copy of the document loaded. */
  loaded = false
  /**
   * A plain copy of the board (a tablet's first visit to a large board, preview.ts), to be drawn until the
   * document itself has come; null then, and whenever there is none. Nothing is changed on it.
   */
  preview: BoardSnapshot | null = null
  private readonly previewGate = new PreviewGate(1_500)
  /** Why the server last refused a change from this tablet (a lock, a limit), until all is sent. */
  refusal: string | null = null
  /**
   * How many times the socket has opened. From the second on, what the page knows of its person may be
   * stale: the facilitator may have seated them elsewhere meanwhile (the server closes with Reseated).
   */
  connections = 0
  /**
   * How many sockets closed before they opened. The server answers a revoked token before the upgrade
   * (401), which a browser reports as any failed connection: the page asks the session record then.
   */
  failedOpens = 0
  private socketOpen = false
  /** The server's state on disk, as last acknowledged (kept on the device across reloads). */
  private stored = new Map<number, number>()
  private readonly storedKey: string
  /** The copy on this device (IndexedDB); on a first visit, opened once the board is drawn. */
  private persistence: IndexeddbPersistence | null = null
  private readonly persistName: string | null = null
  private mine = new Set<number>()
  /**
   * Notes deleted on this device that the server has not confirmed on disk (kept across reloads). A
   * delete adds nothing to the state vector an Ack carries; it is confirmed by an Ack that covers every
   * update this socket has sent, its sync step 2 (which holds all of this device's deletes) included.
   */
  private deletes = new Set<string>()
  /**
   * The copy this device had before this page (its deletes among it) is in the document: until then a
   * sync step 2 may lack deletes made in an earlier visit, and an Ack cannot confirm them.
   */
  private earlierCopyLoaded = true
  /** The socket the last Ack came on, and how many of its updates that Ack said the server had taken. */
  private lastAck: { socket: CountingSocket; taken: number } | null = null
  private version = 0
  /** Edits a delete or a concurrent edit overtook go to the trash (tablets only: they are the ones that go offline). */
  private readonly keeper: DeletedEditKeeper | null = null
  private connectTimer: ReturnType<typeof setTimeout> | undefined

  constructor(sessionId: string, kind: DocKind, token: string, options: ConnectionOptions = {}) {
    const room = roomOf(sessionId, kind, options.owner)
    this.storedKey = storedKeyOf(room)
    /** This device has opened this document before (its copy may hold what it wrote offline). */
    let opened = false
    if (options.persist) {
      this.persistName = `yoriai:${room}`
      // Every Yjs client id this device has written with, so its own notes are known after a reload.
      const kept = readKept(this.storedKey)
      opened = kept.opened
      this.stored = kept.stored
      this.earlierCopyLoaded = !opened
      this.mine = new Set([...kept.mine, this.doc.clientID])
      writeIds(`${this.storedKey}:mine`, this.mine)
      this.deletes = new Set(readStrings(`${this.storedKey}:deleted`))
      if (opened) this.keepLocalCopy()
    }
    this.provider = new Provider(socketServerUrl(), room, this.doc, {
      params: socketParams(token, kind, options.persist === true),
      // A tablet first loads its own copy, so its first sync sends what it wrote offline and the keeper
      // knows which notes it had edited before the server's deletions arrive.
      connect: !options.persist,
      // Cross-tab sync would bypass the server's permission checks between two roles in one browser.
      disableBc: true,
      shouldReconnect: (event: CloseEvent) => !TERMINAL_CLOSE_CODES.has(event.code),
      // Counts the updates it sends, for the Ack to be compared with (unsent deletes); takes the socket the
      // page opened before the app started, if it was for this address (earlySocket.ts).
      ...(options.persist ? { WebSocketPolyfill: countingWebSocket() } : {}),
    } as ConstructorParameters<typeof WebsocketProvider>[3])
    // When the hall's Wi-Fi comes back, the tablets do not all knock at the same moment (≤ 10 s apart).
    jitterReconnects(this.provider, { capMs: 10_000 })
    const quiet = (): boolean => this.persistence === null
    takeDeflatedSync(this.provider, quiet, () => this.previewGate.drawn)
    takeBoardPreview(this.provider, this.previewGate, (board) => {
      this.preview = board
      this.markLoaded()
      this.emit()
    })
    this.provider.on('sync', (synced: boolean) => {
      if (!synced || !this.preview) return
      this.preview = null
      this.emit()
    })
    applyFirstSyncQuietly(this.provider, quiet)
    sendOwnPresenceOnly(this.provider)
    forgetOthersOnDisconnect(this.provider)
    this.provider.once('sync', this.markLoaded)
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.connections++
        this.socketOpen = true
      }
      this.setStatus(status === 'connected' ? 'connected' : navigator.onLine ? 'connecting' : 'offline')
    })
    this.provider.on('closed', () => {
      this.refused = true
      this.emit()
    })
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && !this.socketOpen) {
        this.failedOpens++
        this.emit()
      }
      this.socketOpen = false
      if (event?.code === CloseCode.Forbidden) {
        // The tablet keeps the change and sends it again on reconnecting; the person is told why.
        this.refusal = event.reason || 'refused'
        this.emit()
      }
    })
    window.addEventListener('online', this.onNetworkChange)
    window.addEventListener('offline', this.onNetworkChange)
    if (options.persist) {
      const keeper = new DeletedEditKeeper(this.doc, {
        remote: this.provider,
        confirmed: (id) => !this.mine.has(id.client) || id.clock < (this.stored.get(id.client) ?? 0),
        onKept: () => this.emit(),
      })
      this.keeper = keeper
      let started = false
      const connect = () => {
        clearTimeout(this.connectTimer)
        if (this.destroyed || started) return
        started = true
        keeper.rescan()
        this.provider.connect()
      }
      if (opened) {
        // IndexedDB unavailable or slow: connect anyway after a moment (the copy then merges as it loads).
        this.connectTimer = setTimeout(connect, 3_000)
        void this.persistence?.whenSynced.then(() => {
          this.earlierCopyLoaded = true
          this.confirmDeletes()
          this.markLoaded()
          connect()
        }, connect)
      } else {
        // First time on this device (the resident who just scanned the QR code): nothing of its own to
        // send first, so the board comes without waiting for IndexedDB to open (that took most of a
        // second on a throttled tablet while the page was busy). The copy is opened once the board is
        // drawn, and written whole then (y-indexeddb stores the document as it is when it opens); a note
        // written before that opens it at once.
        this.provider.once('sync', () => void afterNextPaint(() => this.keepLocalCopy()))
        connect()
      }
      this.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
        this.stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
        writeStored(this.storedKey, this.stored)
        // A server from before the count says nothing about deletes: they stay marked.
        const socket = this.provider.ws as CountingSocket | null
        if (socket && decoding.hasContent(decoder)) this.lastAck = { socket, taken: decoding.readVarUint(decoder) }
        this.confirmDeletes()
        keeper.rescan()
        if (this.unsentNoteIds().size === 0 && this.deletes.size === 0) this.refusal = null
        this.emit()
      }
      notesMap(this.doc).observe(this.onNotesChange)
      this.doc.on('update', this.onLocalChange)
    }
  }

  private readonly onLocalChange = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) return
    this.keepLocalCopy()
    this.emit()
  }

  /** A note deleted here is 未送信 until confirmed; one put back here (undo, ゴミ箱) is not deleted. */
  private readonly onNotesChange = (event: Y.YMapEvent<Y.Map<unknown>>): void => {
    if (!event.transaction.local) return
    let changed = false
    event.changes.keys.forEach(({ action }, id) => {
      if (action === 'delete') {
        this.deletes.add(id)
        changed = true
      } else if (action === 'add' && this.deletes.delete(id)) changed = true
    })
    if (changed) writeStrings(`${this.storedKey}:deleted`, this.deletes)
  }

  private readonly markLoaded = (): void => {
    if (this.loaded) return
    this.loaded = true
    this.emit()
  }

  /** Opens the copy on this device, if this connection keeps one (once; not after the copy was erased). */
  private keepLocalCopy(): void {
    if (this.persistence || !this.persistName || this.destroyed || this.erased) return
    this.persistence = new IndexeddbPersistence(this.persistName, this.doc)
  }

  /**
   * Notes this device wrote, rewrote or moved that the server has not yet confirmed on disk (未送信):
   * an edit made offline is as much at stake as a new note when the resident leaves the tablet.
   */
  unsentNoteIds(): ReadonlySet<string> {
    // Nothing this device wrote lies beyond what the server has confirmed: no note to walk through (the
    // page asks on every change of the connection, a thousand-note board's first sync included; bench B5).
    if (![...this.mine].some((client) => Y.getState(this.doc.store, client) > (this.stored.get(client) ?? 0))) return NOTHING_UNSENT
    const out = new Set<string>()
    const unsent = (item: Y.Item | null): boolean => item !== null && this.mine.has(item.id.client) && item.id.clock >= (this.stored.get(item.id.client) ?? 0)
    notesMap(this.doc).forEach((ymap, id) => {
      if (unsent(ymap._item)) out.add(id)
      else for (const field of ymap._map.values()) if (!field.deleted && unsent(field)) return void out.add(id)
    })
    return out
  }

  /**
   * Everything the socket sent is on the disk: its sync step 2 had every delete made before it (with the
   * device's earlier copy loaded; one loading late has its news sent as an update, which a later Ack
   * covers), and later ones went in the updates after it.
   */
  private confirmDeletes(): void {
    const ack = this.lastAck
    if (!ack || ack.socket !== this.provider.ws || !this.earlierCopyLoaded || this.deletes.size === 0) return
    if (ack.socket.updatesSent === 0 || ack.taken < ack.socket.updatesSent) return
    this.deletes.clear()
    writeStrings(`${this.storedKey}:deleted`, this.deletes)
    this.emit()
  }

  /** Notes deleted on this device whose delete the server has not confirmed (削除…件は未送信). */
  unsentDeleteCount(): number {
    return this.deletes.size
  }

  /**
   * Try again now (after an unlock, say) instead of waiting out the back-off that refusals built up:
   * the changes the tablet kept are sent as soon as the socket opens.
   */
  retryNow(): void {
    if (!this.refusal) return
    this.provider.wsUnsuccessfulReconnects = 0
    this.provider.disconnect()
    this.provider.connect()
  }

  /** The participant whose notes this tablet keeps in the trash when a delete or a concurrent edit overtakes their edits. */
  setAuthor(id: string): void {
    this.author = id
    this.keeper?.setAuthor(id)
  }

  private author: string | null = null

  /**
   * The person's own notes as this tablet has them, written or rewritten here and not yet on the server's
   * disk: what would be lost with this device's copy. (Before the author is known: the notes this device made.)
   */
  unsentOwnNotes(): Note[] {
    const out: Note[] = []
    const notes = notesMap(this.doc)
    for (const id of this.unsentNoteIds()) {
      const ymap = notes.get(id)
      const note = ymap && readNote(ymap)
      if (!note) continue
      if (this.author !== null ? note.authorId === this.author : ymap._item !== null && this.mine.has(ymap._item.id.client)) out.push(note)
    }
    return out
  }

  /** Changes whenever the status or what is confirmed changes (for useSyncExternalStore). */
  getVersion = (): number => this.version

  /** セッションを終える on a shared tablet: the copy on this device is erased. */
  async clearLocalCopy(): Promise<void> {
    try {
      localStorage.removeItem(this.storedKey)
      localStorage.removeItem(`${this.storedKey}:mine`)
      localStorage.removeItem(`${this.storedKey}:deleted`)
    } catch {
      // nothing stored
    }
    this.erased = true
    await this.persistence?.clearData()
  }

  private erased = false

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
    this.version++
    for (const listener of this.listeners) listener()
  }

  private destroyed = false

  /** The page has painted the plain copy: the board itself may be applied now. */
  previewDrawn(): void {
    this.previewGate.release()
  }

  destroy(): void {
    this.destroyed = true
    this.previewGate.release()
    clearTimeout(this.connectTimer)
    this.keeper?.destroy()
    window.removeEventListener('online', this.onNetworkChange)
    window.removeEventListener('offline', this.onNetworkChange)
    this.doc.off('update', this.onLocalChange)
    // Observed only on a device that keeps a copy: yjs says in the console when asked to drop what it never had.
    if (this.persistName) notesMap(this.doc).unobserve(this.onNotesChange)
    this.provider.awareness.destroy()
    this.provider.destroy()
    void this.persistence?.destroy()
    this.doc.destroy()
  }
}

const NOTHING_UNSENT: ReadonlySet<string> = new Set()
