/**
 * Rooms: one in-memory Y.Doc per stored document, shared by the sockets that have it open.
 * Speaks the y-websocket protocol (sync + awareness) over a small socket interface; only
 * wsServer.ts knows about `ws`.
 *
 * An update from a client is checked (checkUpdate), applied, written to storage in one transaction
 * per event-loop turn, and only then relayed to the other sockets — never back to its sender. Its
 * sender's acknowledgement (未送信) waits until that write is on the disk (DocStore.whenDurable).
 */
import * as Y from 'yjs'
import { deflateRawSync } from 'node:zlib'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { CloseCode, DEFLATE_MIN_BYTES, MessageType, SyncMessageType, canWrite, type DocKind, type Role } from '../shared/protocol.ts'
import { checkUpdate, hasPending, type DecodedUpdate } from './updateCheck.ts'
import { boardNeedsMigration, boardSchemaVersion, migrateBoard } from '../shared/migrations.ts'
import type { DocStore } from './store/types.ts'
import { log, logError } from './log.ts'
import { readBoard, withoutHidden } from '../shared/board.ts'

/** What a room needs of a socket (hocuspocus' WebSocketLike): tests may pass a fake or a real one. */
export interface PeerSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  readonly bufferedAmount: number
}

/** Who is on the other end, as the server knows it from the token (never from the client). */
export interface PeerIdentity {
  role: Role
  /** Participant id, 'facilitator' or 'projector'. */
  id: string
  name: string
  table: string
  /** Hex of the token's hash, so that revoking a token can find its sockets. */
  tokenHash: string
}

export interface Peer {
  readonly socket: PeerSocket
  /** Updated in place when the person's table changes (see Rooms.updateIdentity). */
  identity: PeerIdentity
  /** Awareness client ids this peer has published; no other peer may publish them. */
  readonly awarenessIds: Set<number>
  /** Wants an Ack message with the stored state after its updates reach the disk. */
  wantsAck?: boolean
  ackDue?: boolean
  /**
   * Document updates (sync step 2 and update messages) this socket has sent that the server took: stored,
   * or changing nothing. An Ack carries the count, so a tablet knows that everything it sent is on the
   * disk, deletes included (a delete adds nothing to the state vector the Ack also carries).
   */
  updatesTaken?: number
  /** Takes a large sync step 2 deflated: 'v1' as MessageType.SyncStep2Deflated, 'v2' as SyncStep2DeflatedV2. */
  deflate?: 'v1' | 'v2' | undefined
  /**
   * Has nothing of the document yet (`fresh=1`): gets the whole of it on joining, without waiting for its
   * sync step 1 (one round trip less for a tablet joining; bench B5).
   */
  fresh?: boolean
  /** Draws a plain copy of the board before applying it (`preview=1`; MessageType.BoardPreview). */
  preview?: boolean
  /** The state vector of what was sent on joining, until the peer's own sync step 1 is answered. */
  pushed?: Uint8Array | undefined
  /** This peer's newest presence (cursors, drags) not yet applied: it waits for the room's next broadcast. */
  awarenessPending?: Uint8Array | undefined
}

/**
 * Presence (cursors, drag indicators) goes out at most 10 times a second per room, whatever is sent: one
 * message carries everyone's changes since the last. With ten people dragging, each tablet gets ten
 * presence messages a second, not a hundred (and a stock y-websocket client sends back each one it gets).
 */
export const AWARENESS_INTERVAL_MS = 100

/**
 * Document updates go out in batches at most this often per room (each a single message per tablet):
 * ten people dragging at 20 Hz make 200 updates a second, and every tablet would otherwise apply and
 * every socket carry 200 messages a second. One writer alone (a drag sends every 50 ms) is never held.
 */
export const RELAY_INTERVAL_MS = 16

/** Largest awareness state (JSON characters) relayed for one client. */
const MAX_AWARENESS_STATE = 4096
/** A socket this far behind is closed rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

class BadMessage extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

export interface PendingUpdate {
  update: Uint8Array
  origin: unknown
}

export interface RoomStats {
  rejectedUpdates: number
  droppedReadOnly: number
  forbiddenUpdates: number
}

/** A rule for a room's writers beyond read/write: returns a reason to refuse, or null. */
export type Authorize = (room: Room, peer: Peer, update: Uint8Array, decoded: DecodedUpdate) => string | null

/** Origin of the stored state applied when a room loads: neither stored again nor relayed. */
const LOADED = Symbol('loaded from storage')

/** Whether a transaction inserted or deleted anything (as Yjs decides whether to emit 'update'). */
function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true
  return false
}

/** The whole document as one update (kept by Room.memo for tablets joining with nothing). */
const encodeWhole = (doc: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(doc)
const encodeWholeV2 = (doc: Y.Doc): Uint8Array => Y.encodeStateAsUpdateV2(doc)

/** The state vector of a client with nothing (what a `fresh=1` client is answered as). */
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Map())
/**
 * An Ack: the state vector on disk, then how many of the socket's own document updates the server has
 * taken (a reader of the state vector alone, as before, stops there).
 */
function ackMessage(stateVector: Uint8Array, updatesTaken: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Ack)
  encoding.writeVarUint8Array(encoder, stateVector)
  encoding.writeVarUint(encoder, updatesTaken)
  return encoding.toUint8Array(encoder)
}

/** Sync step 2 with an empty update. */
const EMPTY_STEP2 = ((): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, SyncMessageType.Step2)
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(new Y.Doc()))
  return encoding.toUint8Array(encoder)
})()

/** A sync Update message carrying `updates` (merged into one when there are several). */
function updateMessage(updates: Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  syncProtocol.writeUpdate(encoder, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates))
  return encoding.toUint8Array(encoder)
}

export class Room {
  private readonly ydoc = new Y.Doc({ gc: true })
  /**
   * A snapshot just read from storage and not applied yet: new clients' first syncs are answered with
   * its bytes (no apply, no encode). Anything that reads the document applies it first (see `doc`).
   */
  private cold: { data: Uint8Array; stateVector: Uint8Array; v2?: Uint8Array } | null = null
  readonly awareness: awarenessProtocol.Awareness
  readonly peers = new Set<Peer>()
  /** Which peer published each awareness client id (the first to, while it stays). */
  private readonly awarenessOwners = new Map<number, Peer>()
  /** Presence changed since the last broadcast: client id → where the change came from (a peer, or null). */
  private readonly awarenessChanged = new Map<number, unknown>()
  /** Peers whose newest presence waits in `awarenessPending`. */
  private readonly awarenessWaiting = new Set<Peer>()
  private awarenessSentAt = 0
  private awarenessScheduled = false
  readonly stats: RoomStats = { rejectedUpdates: 0, droppedReadOnly: 0, forbiddenUpdates: 0 }
  /** Updates applied since the last batch, waiting to be stored and relayed together. */
  private pending: PendingUpdate[] = []
  /**
   * Values read from the document (see memo), kept until it next changes: the locks the rules read on every
   * update, and the whole document encoded — a hall's tablets join in a burst, each with nothing yet, and
   * encoding a 1,000-note board takes the event loop tens of milliseconds.
   */
  private readonly memos = new Map<(doc: Y.Doc) => unknown, unknown>()
  /** The client update being applied: stored and relayed as it came, or as Yjs encodes it (`exact`). */
  private incoming: { update: Uint8Array; peer: Peer; exact: boolean; queued: boolean } | null = null
  private flushScheduled = false
  /** When the last batch was taken to be stored and relayed. */
  private flushedAt = 0
  private logLength = 0
  /** Bytes this document takes in storage (snapshot and log), for the per-session limit. */
  storedBytes = 0
  /** Set when memory and storage may disagree; the room is then reloaded from storage. */
  private tainted = false
  destroyed = false

  constructor(
    readonly name: string,
    readonly kind: DocKind,
    private readonly store: DocStore | null,
    private readonly opts: {
      compactAfter: number
      onTainted: (room: Room) => void
      authorize?: Authorize | undefined
      /** Batches the writes of every room in one transaction per event-loop turn (see Flusher). */
      requestFlush?: ((room: Room) => void) | undefined
    },
  ) {
    if (store) {
      const { updates, logLength, snapshot } = store.load(name)
      this.logLength = logLength
      this.storedBytes = updates.reduce((sum, u) => sum + u.length, 0)
      // A compacted document with nothing to migrate can answer syncs straight from its snapshot.
      const current = snapshot && (kind !== 'board' || (snapshot.schemaVersion !== null && !boardNeedsMigration(snapshot.schemaVersion)))
      if (current && logLength === 0 && updates.length === 1) this.cold = { data: updates[0]!, stateVector: snapshot.stateVector }
      else this.applyStored(updates)
    }
    // No 'update' listener (but while a sync reply is applied): Yjs would encode every transaction
    // again, while a client's update is stored and relayed as the bytes it sent; see onTransaction.
    this.ydoc.on('afterTransaction', this.onTransaction)
    // The server is the one place that migrates, so two tablets never migrate the same document at once.
    if (kind === 'board' && store && !this.cold) migrateBoard(this.ydoc, 'server')
    this.awareness = new awarenessProtocol.Awareness(this.ydoc)
    // The server itself has no presence.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** The document, with the stored snapshot applied first if it has not been yet. */
  get doc(): Y.Doc {
    if (this.cold) this.warm()
    return this.ydoc
  }

  private applyStored(updates: readonly Uint8Array[]): void {
    Y.transact(
      this.ydoc,
      () => {
        for (const update of updates) {
          try {
            Y.applyUpdate(this.ydoc, update, LOADED)
          } catch (error) {
            logError(`stored update of ${this.name} skipped`, error)
          }
        }
      },
      LOADED,
    )
  }

  /** Applies the cold snapshot (it was written by a server with the current migrations: none to run). */
  private warm(): void {
    const cold = this.cold
    if (!cold) return
    this.cold = null
    this.applyStored([cold.data])
  }

  /** `read(doc)`, read again only once the document has changed (the rules read the locks on every update). */
  memo<T>(read: (doc: Y.Doc) => T): T {
    if (this.memos.has(read)) return this.memos.get(read) as T
    const value = read(this.doc)
    this.memos.set(read, value)
    return value
  }

  private stateVector(): Uint8Array {
    return this.cold ? this.cold.stateVector : Y.encodeStateVector(this.ydoc)
  }

  join(peer: Peer): void {
    this.peers.add(peer)
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, MessageType.Sync)
    encoding.writeVarUint(step1, SyncMessageType.Step1)
    encoding.writeVarUint8Array(step1, this.stateVector())
    this.sendTo(peer, encoding.toUint8Array(step1))
    if (peer.fresh) {
      // Sent as the answer to an empty sync step 1 would be; the peer's own step 1 then gets only what came since.
      peer.pushed = this.stateVector()
      this.answerStep1(peer, EMPTY_STATE_VECTOR)
    }
    const states = this.awareness.getStates()
    if (states.size > 0) {
      this.sendTo(peer, this.awarenessMessage([...states.keys()]))
    }
    this.ackSoon(peer)
  }

  /** Only what is on disk may be acknowledged: with updates still waiting, the ack follows their write. */
  private ackSoon(peer: Peer): void {
    if (!peer.wantsAck || this.tainted) return
    if (this.pending.length === 0) this.ackWhenDurable([peer])
    else peer.ackDue = true
  }

  /**
   * Sends `ack` (the state written so far) to `peers` once the store says it is on the disk: the
   * relay does not wait for the fsync, a tablet's 未送信 mark does.
   */
  private ackWhenDurable(peers: Peer[]): void {
    // Read now: what is in memory now is what the commit the store is asked about holds.
    const stateVector = this.stateVector()
    const acks = peers.map((peer) => ({ peer, ack: ackMessage(stateVector, peer.updatesTaken ?? 0) }))
    const send = (): void => {
      for (const { peer, ack } of acks) if (this.peers.has(peer) && !this.destroyed) this.sendTo(peer, ack)
    }
    if (this.store) this.store.whenDurable(send)
    else send()
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    this.awarenessWaiting.delete(peer)
    peer.awarenessPending = undefined
    if (peer.awarenessIds.size > 0) {
      for (const id of peer.awarenessIds) if (this.awarenessOwners.get(id) === peer) this.awarenessOwners.delete(id)
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null)
    }
  }

  /** Handles one binary frame. A frame that cannot be decoded closes only this socket. */
  receive(peer: Peer, data: Uint8Array): void {
    if (this.destroyed || !this.peers.has(peer)) return
    try {
      const decoder = decoding.createDecoder(data)
      const type = decoding.readVarUint(decoder)
      switch (type) {
        case MessageType.Sync:
          this.receiveSync(peer, decoder)
          break
        case MessageType.Awareness:
          this.receiveAwareness(peer, decoding.readVarUint8Array(decoder))
          break
        case MessageType.QueryAwareness:
          this.sendTo(peer, this.awarenessMessage([...this.awareness.getStates().keys()]))
          break
        case MessageType.Auth:
          break
        default:
          throw new BadMessage(`unknown message type ${type}`)
      }
    } catch (error) {
      const reason = error instanceof BadMessage ? error.reason : 'undecodable message'
      this.closePeer(peer, CloseCode.BadMessage, reason)
    }
  }

  private receiveSync(peer: Peer, decoder: decoding.Decoder): void {
    const subtype = decoding.readVarUint(decoder)
    switch (subtype) {
      case SyncMessageType.Step1: {
        const stateVector = decoding.readVarUint8Array(decoder)
        const pushed = peer.pushed
        if (!pushed) return this.answerStep1(peer, stateVector)
        peer.pushed = undefined
        // What was pushed on joining is ahead of this answer on the socket, and whatever changed since was
        // relayed to the peer as it happened: only the peer's own step 1 is left to answer, with nothing.
        const had = Y.decodeStateVector(pushed)
        const current = Y.decodeStateVector(this.stateVector())
        const asOfPush = [...current].every(([client, clock]) => (had.get(client) ?? 0) >= clock)
        if (asOfPush) return this.sendTo(peer, EMPTY_STEP2)
        for (const [client, clock] of Y.decodeStateVector(stateVector)) had.set(client, Math.max(clock, had.get(client) ?? 0))
        return this.answerStep1(peer, Y.encodeStateVector(had))
      }
      case SyncMessageType.Step2:
      case SyncMessageType.Update: {
        const update = decoding.readVarUint8Array(decoder)
        if (!canWrite(peer.identity.role, this.kind)) {
          // Read-only: never applied, relayed or stored.
          this.stats.droppedReadOnly++
          return
        }
        peer.updatesTaken = (peer.updatesTaken ?? 0) + 1
        this.applyClientUpdate(peer, update, subtype === SyncMessageType.Step2)
        return
      }
      default:
        throw new BadMessage(`unknown sync message ${subtype}`)
    }
  }

  /** Sync step 2 with what a peer whose document is at `stateVector` lacks (deflated when it asked so and it is large). */
  private answerStep1(peer: Peer, stateVector: Uint8Array): void {
    // A tablet with nothing yet gets the stored snapshot as it is; the document is applied after.
    const empty = Y.decodeStateVector(stateVector).size === 0
    const fromSnapshot = this.cold !== null && empty
    // What the tablet lacks, in Yjs's first or second encoding (the second only for `deflate=2`).
    const lacking = (v2: boolean): Uint8Array =>
      fromSnapshot
        ? v2
          ? (this.cold!.v2 ??= Y.convertUpdateFormatV1ToV2(this.cold!.data))
          : this.cold!.data
        : empty
          ? this.memo(v2 ? encodeWholeV2 : encodeWhole)
          : v2
            ? Y.encodeStateAsUpdateV2(this.doc, stateVector)
            : Y.encodeStateAsUpdate(this.doc, stateVector)
    const asked = peer.deflate ? lacking(peer.deflate === 'v2') : null
    if (asked && asked.length >= DEFLATE_MIN_BYTES) {
      // Read from the document: a room just opened applies its stored snapshot for it now, not after this answer
      // (~10–20 ms here, against the ~0.4 s a slow tablet spends applying the board before it can draw it).
      if (peer.preview && empty && this.kind === 'board') this.sendTo(peer, this.memo(boardPreviewMessage))
      this.sendTo(peer, this.deflatedStep2(peer.deflate === 'v2' ? MessageType.SyncStep2DeflatedV2 : MessageType.SyncStep2Deflated, asked))
    } else {
      // Small: the protocol's own sync step 2, in the first encoding.
      const reply = encoding.createEncoder()
      encoding.writeVarUint(reply, MessageType.Sync)
      encoding.writeVarUint(reply, SyncMessageType.Step2)
      encoding.writeVarUint8Array(reply, asked && peer.deflate === 'v1' ? asked : lacking(false))
      this.sendTo(peer, encoding.toUint8Array(reply))
    }
    if (fromSnapshot) setImmediate(() => this.destroyed || this.warm())
  }

  /**
   * Sync step 2 with its update deflated. The last one is kept: tablets joining one after another get
   * the same whole document (the memo of encodeWhole or encodeWholeV2, or the stored snapshot) until it
   * changes.
   */
  private deflatedStep2(type: number, update: Uint8Array): Uint8Array {
    if (this.lastDeflated?.update === update) return this.lastDeflated.message
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, type)
    encoding.writeVarUint8Array(encoder, deflateRawSync(update, { level: 1 }))
    const message = encoding.toUint8Array(encoder)
    this.lastDeflated = { update, message }
    return message
  }

  private lastDeflated: { update: Uint8Array; message: Uint8Array } | null = null

  private applyClientUpdate(peer: Peer, update: Uint8Array, exact: boolean): void {
    const check = checkUpdate(this.doc, update)
    if (!check.ok) {
      this.stats.rejectedUpdates++
      this.closePeer(peer, CloseCode.UpdateRejected, check.reason)
      return
    }
    const refusal = this.opts.authorize?.(this, peer, update, check.decoded) ?? null
    if (refusal) {
      // Nothing of it is applied; the tablet keeps its copy and sends it again once allowed.
      this.stats.forbiddenUpdates++
      log(`refused an update in ${this.name} from ${peer.identity.role} ${peer.identity.id}: ${refusal}`)
      this.closePeer(peer, CloseCode.Forbidden, refusal)
      return
    }
    this.incoming = { update, peer, exact, queued: false }
    if (exact) this.ydoc.on('update', this.onExactUpdate)
    try {
      Y.applyUpdate(this.doc, update, peer)
      // Nothing new (a reconnecting tablet resending a delete the server has): acknowledged all the same,
      // or the tablet would wait for an Ack that no stored write ever sends.
      if (!this.incoming.queued) this.ackSoon(peer)
    } catch (error) {
      this.stats.rejectedUpdates++
      logError(`update for ${this.name} failed to apply`, error)
      this.closePeer(peer, CloseCode.UpdateRejected, 'apply-failed')
      this.taint()
    } finally {
      this.incoming = null
      if (exact) this.ydoc.off('update', this.onExactUpdate)
    }
  }

  /** Applies an update made on the server itself (session set-up, facilitator tools). */
  applyServerUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'server')
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    const origin = tr.origin
    if (!changedAnything(tr)) return
    this.memos.clear()
    this.lastDeflated = null
    if (origin === LOADED) return
    const incoming = this.incoming
    if (incoming && incoming.peer === origin) {
      // A client's own change, applied whole (checkUpdate): its bytes hold exactly this transaction's
      // changes. A sync reply is encoded by Yjs instead (onExactUpdate): it carries the tablet's whole
      // delete set and may repeat what the document has, which would be stored and relayed again.
      if (!incoming.exact) this.queue(incoming.update, origin)
      return
    }
    // A change made here on the server (votes, 賛成, set-up) is encoded from the state before it (with
    // the document's whole delete set: larger than Yjs's own encoding, the same in effect).
    this.queue(Y.encodeStateAsUpdate(this.ydoc, Y.encodeStateVector(tr.beforeState)), origin)
  }

  /** Yjs's encoding of one transaction, listened to only while a sync reply is applied. */
  private readonly onExactUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.incoming && origin === this.incoming.peer) this.queue(update, origin)
  }

  private queue(update: Uint8Array, origin: unknown): void {
    if (hasPending(this.ydoc)) {
      // Should not happen after checkUpdate; if it does, memory holds what storage cannot explain.
      this.taint()
      return
    }
    this.pending.push({ update, origin })
    if (this.incoming && this.incoming.peer === origin) this.incoming.queued = true
    if (this.flushScheduled) return
    this.flushScheduled = true
    // Right away after a quiet spell (one tablet dragging sends every 50 ms); with many writers at
    // once, what arrives within RELAY_INTERVAL_MS of the last batch goes out with the next one.
    const wait = this.flushedAt + RELAY_INTERVAL_MS - Date.now()
    if (wait > 0) setTimeout(this.requestFlush, wait)
    else this.requestFlush()
  }

  private readonly requestFlush = (): void => {
    if (this.destroyed) return
    if (this.opts.requestFlush) this.opts.requestFlush(this)
    else setImmediate(this.flush)
  }

  /** The updates waiting to be stored, handed to whoever stores them (see Flusher). */
  takePending(): PendingUpdate[] {
    this.flushScheduled = false
    this.flushedAt = Date.now()
    if (this.tainted) return []
    const batch = this.pending
    this.pending = []
    return batch
  }

  /** Called once the batch is on disk: now, and only now, others may see it. */
  stored(batch: PendingUpdate[]): void {
    this.logLength += batch.length
    this.storedBytes += batch.reduce((sum, b) => sum + b.update.length, 0)
    this.relay(batch)
    // Tell the senders their updates are on disk (the tablet then clears its 未送信 marks).
    const senders = new Set(batch.map((b) => b.origin))
    const acked: Peer[] = []
    for (const peer of this.peers) {
      if (peer.wantsAck && (senders.has(peer) || peer.ackDue)) {
        peer.ackDue = false
        acked.push(peer)
      }
    }
    // The state vector now is what this batch's commit holds; later updates are not covered by its fsync.
    if (acked.length > 0) this.ackWhenDurable(acked)
    if (this.store && this.logLength >= this.opts.compactAfter) this.compact()
  }

  /** Nothing of the batch was relayed; clients still hold it and resend after the reload. */
  storeFailed(error: unknown): void {
    logError(`storing ${this.name} failed`, error)
    this.taint(CloseCode.StorageFailed)
  }

  /** Stores this room's pending updates and relays them (before unloading, or without a Flusher). */
  readonly flush = (): void => {
    const batch = this.takePending()
    if (batch.length === 0) return
    try {
      this.store?.append(this.name, batch.map((b) => b.update))
    } catch (error) {
      this.storeFailed(error)
      return
    }
    this.stored(batch)
  }

  /** Sends a batch to every peer but its senders; the common message is encoded once. */
  private relay(batch: PendingUpdate[]): void {
    if (batch.length === 1) {
      // One update (one tablet writing): everyone but its sender gets the same message.
      const { update, origin } = batch[0]!
      const message = updateMessage([update])
      for (const peer of this.peers) if (peer !== origin) this.sendTo(peer, message)
      return
    }
    let forAll: Uint8Array | null = null
    for (const peer of this.peers) {
      if (!batch.some((b) => b.origin === peer)) {
        forAll ??= updateMessage(batch.map((b) => b.update))
        this.sendTo(peer, forAll)
        continue
      }
      const others = batch.filter((b) => b.origin !== peer).map((b) => b.update)
      if (others.length > 0) this.sendTo(peer, updateMessage(others))
    }
  }

  compact(): void {
    if (!this.store || this.tainted || this.logLength === 0) return
    const doc = this.doc
    const snapshot = Y.encodeStateAsUpdate(doc)
    this.store.compact(this.name, snapshot, { stateVector: Y.encodeStateVector(doc), schemaVersion: this.kind === 'board' ? boardSchemaVersion(doc) : null })
    this.logLength = 0
    this.storedBytes = snapshot.length
  }

  private receiveAwareness(peer: Peer, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: Array<{ clientId: number; clock: number; state: string }> = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      // A client may only speak for its own awareness ids. A stock y-websocket client sends back every
      // presence it receives, so most of what arrives is someone else's: passed over unread.
      if (!peer.awarenessIds.has(clientId) && this.awarenessOwners.has(clientId)) {
        decoding.readVarUint8Array(decoder)
        continue
      }
      const raw = decoding.readVarString(decoder)
      if (raw.length > MAX_AWARENESS_STATE) continue
      // Only the owner speaks for an id, so its newest message always wins: the clock is lifted past
      // the server's (a removal on disconnect or a restamp may have moved it on), so a reconnecting
      // tablet counts at once instead of being ignored until its own clock catches up.
      const known = this.awareness.meta.get(clientId)?.clock ?? -1
      const lifted = Math.max(clock, known + 1)
      entries.push({ clientId, clock: lifted, state: this.stampIdentity(peer, raw) })
    }
    if (entries.length === 0) return
    const out = encoding.createEncoder()
    encoding.writeVarUint(out, entries.length)
    for (const entry of entries) {
      peer.awarenessIds.add(entry.clientId)
      this.awarenessOwners.set(entry.clientId, peer)
      encoding.writeVarUint(out, entry.clientId)
      encoding.writeVarUint(out, entry.clock)
      encoding.writeVarString(out, entry.state)
    }
    // Only the newest state counts: it is applied, and sent on, with the room's next broadcast.
    peer.awarenessPending = encoding.toUint8Array(out)
    this.awarenessWaiting.add(peer)
    this.scheduleAwareness()
  }

  /** After someone's identity changed (their table), their presence is stamped anew for everyone else. */
  restamp(peer: Peer): void {
    const ids = [...peer.awarenessIds].filter((id) => this.awareness.getStates().has(id))
    if (ids.length === 0) return
    const out = encoding.createEncoder()
    encoding.writeVarUint(out, ids.length)
    for (const id of ids) {
      encoding.writeVarUint(out, id)
      encoding.writeVarUint(out, (this.awareness.meta.get(id)?.clock ?? 0) + 1)
      encoding.writeVarString(out, this.stampIdentity(peer, JSON.stringify(this.awareness.getStates().get(id))))
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(out), peer)
  }

  /** The server, not the client, says who a presence belongs to: `user` is overwritten from the token. */
  private stampIdentity(peer: Peer, raw: string): string {
    const state: unknown = JSON.parse(raw)
    if (state === null) return 'null'
    if (typeof state !== 'object' || Array.isArray(state)) throw new BadMessage('awareness state must be an object')
    const { role, id, name, table } = peer.identity
    return JSON.stringify({ ...state, user: { role, id, name, table } })
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    for (const ids of [added, updated, removed]) for (const id of ids) this.awarenessChanged.set(id, origin)
    this.scheduleAwareness()
  }

  /** The next presence broadcast: at once after a quiet interval, else when the interval is up. */
  private scheduleAwareness(): void {
    if (this.awarenessScheduled || this.destroyed) return
    this.awarenessScheduled = true
    const wait = this.awarenessSentAt + AWARENESS_INTERVAL_MS - Date.now()
    if (wait <= 0) setImmediate(this.broadcastAwareness)
    else setTimeout(this.broadcastAwareness, wait)
  }

  /**
   * Applies the presence that waited and sends every change since the last broadcast in one message;
   * whoever a change came from gets the others' changes only (a tablet is never sent its own state).
   */
  private readonly broadcastAwareness = (): void => {
    if (this.destroyed) return
    this.awarenessSentAt = Date.now()
    // Still marked as scheduled while applying: the changes this makes join this broadcast.
    for (const peer of this.awarenessWaiting) {
      const pending = peer.awarenessPending
      peer.awarenessPending = undefined
      if (!pending) continue
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, pending, peer)
      } catch (error) {
        // Stamped here from a state that parsed: should not happen. Only that socket pays for it.
        logError(`presence on ${this.name}`, error)
        this.closePeer(peer, CloseCode.BadMessage, 'bad presence')
      }
    }
    this.awarenessWaiting.clear()
    this.awarenessScheduled = false
    if (this.awarenessChanged.size === 0) return
    const changed = [...this.awarenessChanged]
    this.awarenessChanged.clear()
    const forAll = this.awarenessMessage(changed.map(([id]) => id))
    const senders = new Set(changed.map(([, origin]) => origin))
    for (const peer of this.peers) {
      if (!senders.has(peer)) {
        this.sendTo(peer, forAll)
        continue
      }
      const others = changed.filter(([, origin]) => origin !== peer).map(([id]) => id)
      if (others.length > 0) this.sendTo(peer, this.awarenessMessage(others))
    }
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.Awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
    return encoding.toUint8Array(encoder)
  }

  private sendTo(peer: Peer, message: Uint8Array): void {
    if (peer.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A socket this far behind is dead or hopeless; it resyncs when it reconnects.
      this.closePeer(peer, CloseCode.Timeout, 'too far behind')
      return
    }
    try {
      peer.socket.send(message)
    } catch (error) {
      logError(`send on ${this.name}`, error)
      this.closePeer(peer, CloseCode.GoingAway, 'send failed')
    }
  }

  closePeer(peer: Peer, code: number, reason: string): void {
    this.leave(peer)
    try {
      peer.socket.close(code, reason)
    } catch {
      // already closed
    }
  }

  private taint(code: number = CloseCode.RoomReloaded): void {
    if (this.tainted) return
    this.tainted = true
    this.pending = []
    log(`room ${this.name} reloads from storage`)
    for (const peer of [...this.peers]) this.closePeer(peer, code, 'room reloaded')
    this.opts.onTainted(this)
  }

  destroy(): void {
    if (this.destroyed) return
    this.flush()
    this.compact()
    this.destroyed = true
    this.awareness.destroy()
    this.ydoc.destroy()
  }
}

/**
 * Writes what every room received in one event-loop turn in a single SQLite transaction (however many
 * rooms are busy), then lets each room relay its part; the store fsyncs it off the event loop.
 */
class Flusher {
  private readonly dirty = new Set<Room>()
  private scheduled = false

  constructor(private readonly store: DocStore | null) {}

  readonly request = (room: Room): void => {
    this.dirty.add(room)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.run)
    }
  }

  private readonly run = (): void => {
    this.scheduled = false
    const work = [...this.dirty].map((room) => ({ room, batch: room.takePending() })).filter((w) => w.batch.length > 0 && !w.room.destroyed)
    this.dirty.clear()
    if (work.length === 0) return
    try {
      this.store?.appendAll(work.map((w) => ({ docName: w.room.name, updates: w.batch.map((b) => b.update) })))
    } catch (error) {
      for (const w of work) w.room.storeFailed(error)
      return
    }
    for (const w of work) w.room.stored(w.batch)
  }
}

/** All loaded rooms; unloads a room after it has had no peers for `idleMs`. */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  /** Rooms without peers and when each may be unloaded; one timer each, which waits out a later time. */
  private readonly idle = new Map<string, { timer: NodeJS.Timeout; due: number }>()
  private readonly flusher: Flusher

  constructor(
    private readonly store: DocStore | null,
    private readonly opts: { idleMs: number; compactAfter: number; authorize?: (name: string, kind: DocKind) => Authorize | undefined },
  ) {
    this.flusher = new Flusher(store)
  }

  get size(): number {
    return this.rooms.size
  }

  loaded(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Returns the room, loading it from storage first (synchronously: no empty-board race). */
  open(name: string, kind: DocKind): Room {
    let room = this.rooms.get(name)
    if (!room) {
      room = new Room(name, kind, this.store, {
        compactAfter: this.opts.compactAfter,
        onTainted: (tainted) => this.unload(tainted.name, false),
        authorize: this.opts.authorize?.(name, kind),
        requestFlush: this.flusher.request,
      })
      this.rooms.set(name, room)
    }
    return room
  }

  join(name: string, kind: DocKind, peer: Peer): Room {
    const room = this.open(name, kind)
    this.cancelIdle(name)
    room.join(peer)
    return room
  }

  leave(room: Room, peer: Peer): void {
    room.leave(peer)
    if (room.peers.size === 0 && this.rooms.get(room.name) === room) this.scheduleIdle(room.name)
  }

  /** Runs fn with the room's document, loading it if needed (and letting it idle out after). */
  withDoc<T>(name: string, kind: DocKind, fn: (room: Room) => T): T {
    const room = this.open(name, kind)
    try {
      return fn(room)
    } finally {
      if (room.peers.size === 0) this.scheduleIdle(name)
    }
  }

  /** Applies a change of who someone is (their table) to their open sockets. */
  updateIdentity(tokenHash: string, patch: Partial<Pick<PeerIdentity, 'table' | 'name'>>): void {
    for (const room of this.rooms.values()) {
      for (const peer of room.peers) {
        if (peer.identity.tokenHash !== tokenHash) continue
        peer.identity = { ...peer.identity, ...patch }
        room.restamp(peer)
      }
    }
  }

  /** Closes every socket opened with a token (revocation). */
  closeByToken(tokenHash: string, code: number, reason: string): number {
    let closed = 0
    for (const room of this.rooms.values()) {
      for (const peer of [...room.peers]) {
        if (peer.identity.tokenHash === tokenHash) {
          room.closePeer(peer, code, reason)
          closed++
          if (room.peers.size === 0) this.scheduleIdle(room.name)
        }
      }
    }
    return closed
  }

  /**
   * Unloads the room `idleMs` from now unless it has peers then. A room read without peers (the control
   * document, on every participant's update) only moves the time on: no timer is cleared or made.
   */
  private scheduleIdle(name: string): void {
    const due = Date.now() + this.opts.idleMs
    const entry = this.idle.get(name)
    if (entry) {
      entry.due = due
      return
    }
    const fire = (): void => {
      const current = this.idle.get(name)
      if (!current) return
      const left = current.due - Date.now()
      if (left > 0) {
        current.timer = setTimeout(fire, left)
        current.timer.unref()
        return
      }
      this.idle.delete(name)
      this.unload(name, true)
    }
    const timer = setTimeout(fire, this.opts.idleMs)
    timer.unref()
    this.idle.set(name, { timer, due })
  }

  private cancelIdle(name: string): void {
    const entry = this.idle.get(name)
    if (entry) clearTimeout(entry.timer)
    this.idle.delete(name)
  }

  private unload(name: string, onlyIfIdle: boolean): void {
    const room = this.rooms.get(name)
    this.cancelIdle(name)
    if (!room || (onlyIfIdle && room.peers.size > 0)) return
    this.rooms.delete(name)
    try {
      room.destroy()
    } catch (error) {
      logError(`unloading ${name}`, error)
    }
  }

  /** Stores everything and closes every socket (server shutdown). */
  closeAll(code: number, reason: string): void {
    for (const room of [...this.rooms.values()]) {
      for (const peer of [...room.peers]) room.closePeer(peer, code, reason)
      this.unload(room.name, false)
    }
  }
}

/** MessageType.BoardPreview: the board as participants see it, deflated JSON (kept until the document changes). */
function boardPreviewMessage(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.BoardPreview)
  encoding.writeVarUint8Array(encoder, deflateRawSync(Buffer.from(JSON.stringify(withoutHidden(readBoard(doc)))), { level: 1 }))
  return encoding.toUint8Array(encoder)
}
