/**
 * client/sync/firstSync.ts against the real server: the first sync comes without Yjs encoding it again
 * for 'update' listeners, and nothing written meanwhile goes unsent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncStep1Message, yClient, type YClient } from '../../helpers/clients.ts'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { deflateRawSync } from 'node:zlib'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { applyFirstSyncQuietly, takeDeflatedSync } from '../../../client/sync/firstSync.ts'
import { DEFLATE_MIN_BYTES, MessageType } from '../../../shared/protocol.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

/** Enough notes for the whole board to be over DEFLATE_MIN_BYTES. */
const NOTES = 80

const note = (text: string, authorId: string) => ({ text, canvas: 'need' as const, color: 'yellow' as const, authorId: authorId as ParticipantId, authorName: '', table: '' })

describe('the first sync, applied quietly', () => {
  let t: TestServer
  let s: CreatedSession
  let p: JoinResult
  let host: YClient
  const open: YClient[] = []

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    p = await join(t.http, s.joinCode, 'はなこ')
    host = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(host)
    host.doc.transact(() => {
      for (let i = 0; i < NOTES; i++) addNote(host.doc, note(`買い物の足がない ${i}`, 'facilitator'))
    })
    await waitFor(() => t.server.store.load(`${s.sessionId}/board`).updates.length > 0, 'board stored')
  })
  afterAll(async () => {
    for (const c of [host, ...open]) c.destroy()
    await t.close()
  })

  /** A tablet's document with an 'update' listener, as y-indexeddb and the provider have. */
  const tablet = (quiet: boolean) => {
    const doc = new Y.Doc()
    const heard: Array<'server' | 'local'> = []
    const client = yClient(t.ws, s.sessionId, 'board', p.participantToken, doc)
    doc.on('update', (_update: Uint8Array, origin: unknown) => heard.push(origin === client.provider ? 'server' : 'local'))
    if (quiet) applyFirstSyncQuietly(client.provider, () => true)
    open.push(client)
    return { client, heard }
  }

  it('gets the whole board without an update event for it, and hears later changes again', async () => {
    const loud = tablet(false)
    const quiet = tablet(true)
    await Promise.all([synced(loud.client), synced(quiet.client)])
    expect(listNotes(quiet.client.doc)).toHaveLength(NOTES)
    // Without it, the board's arrival is an update event (Yjs encoded it for the listeners).
    expect(loud.heard).toEqual(['server'])
    expect(quiet.heard).toEqual([])

    addNote(host.doc, note('集会所の段差', 'facilitator'))
    await waitFor(() => quiet.heard.length === 1, 'a later change heard')
    expect(quiet.heard).toEqual(['server'])

    addNote(quiet.client.doc, note('ごみ出しが大変', p.participantId))
    await waitFor(() => listNotes(host.doc).some((n) => n.text === 'ごみ出しが大変'), 'a note written after the sync reaches the server')
    expect(quiet.heard).toEqual(['server', 'local'])
  })

  it('sends a change written while the board is being applied', async () => {
    const quiet = tablet(true)
    let wrote = false
    quiet.client.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (wrote || tr.origin !== quiet.client.provider || listNotes(quiet.client.doc).length === 0) return
      wrote = true
      // Inside the apply: the listeners are back before this change is made.
      addNote(quiet.client.doc, note('書いている間に届いた', p.participantId))
    })
    await synced(quiet.client)
    expect(wrote).toBe(true)
    // From that change on the listeners hear everything as usual, the board's arrival included.
    expect(quiet.heard).toEqual(['server', 'local'])
    await waitFor(() => listNotes(host.doc).some((n) => n.text === '書いている間に届いた'), 'the change written during the apply reaches the server')
  })

  /** The first message of each type a raw socket got after sending an empty sync step 1. */
  const firstAnswer = async (query: string) => {
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}${query}`)
    await raw.open()
    raw.send(syncStep1Message(new Y.Doc()))
    const typeOf = (m: Uint8Array) => decoding.readVarUint(decoding.createDecoder(m))
    await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2Deflated) || raw.receivedUpdates().length > 0, 'the answer')
    const deflated = raw.messages.find((m) => typeOf(m) === MessageType.SyncStep2Deflated)
    raw.close()
    return { deflated, plain: raw.receivedUpdates()[0] }
  }

  it('deflates a large first sync only for the clients that ask, to about a fifth of its bytes', async () => {
    const asked = await firstAnswer('&deflate=1')
    const stock = await firstAnswer('')
    expect(stock.deflated).toBeUndefined()
    expect(stock.plain!.length).toBeGreaterThan(DEFLATE_MIN_BYTES)
    expect(asked.plain).toBeUndefined()
    expect(asked.deflated!.length).toBeLessThan(stock.plain!.length / 3)

    // The tablet's provider: synced from it, the same board as the host's.
    const client = yClient(t.ws, s.sessionId, 'board', p.participantToken, new Y.Doc(), {}, { deflate: '1' })
    const { doc, provider } = client
    open.push(client)
    let inflated = 0
    takeDeflatedSync(provider)
    const take = provider.messageHandlers[MessageType.SyncStep2Deflated]!
    provider.messageHandlers[MessageType.SyncStep2Deflated] = (...args) => {
      inflated++
      take(...args)
    }
    await waitFor(() => provider.synced, 'synced from the deflated answer')
    expect(inflated).toBe(1)
    expect(listNotes(doc).map((n) => n.id).sort()).toEqual(listNotes(host.doc).map((n) => n.id).sort())
  })

  /** As y-websocket's provider reads a message from its socket. */
  const deliver = (provider: WebsocketProvider, message: Uint8Array): void => {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    provider.messageHandlers[type]!(encoding.createEncoder(), decoder, provider, true, type)
  }
  const message = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
    const encoder = encoding.createEncoder()
    write(encoder)
    return encoding.toUint8Array(encoder)
  }
  /** The whole of a board of 30 notes, and a note written after it (which Yjs can only place after it). */
  const boardAndLater = () => {
    const source = new Y.Doc()
    source.transact(() => {
      for (let i = 0; i < 30; i++) addNote(source, note(`付箋 ${i}`, 'facilitator'))
    })
    const whole = Y.encodeStateAsUpdate(source)
    const before = Y.encodeStateVector(source)
    addNote(source, note('後から届いた', 'facilitator'))
    return { whole, later: Y.encodeStateAsUpdate(source, before) }
  }
  /** A provider that never connects: the messages are handed to it as its socket would. */
  const offlineProvider = () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(t.ws, `${s.sessionId}/board`, doc, { connect: false, disableBc: true, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { deflate: '1' } })
    takeDeflatedSync(provider)
    const notesAfter: number[] = []
    doc.on('afterTransaction', () => notesAfter.push(listNotes(doc).length))
    return { provider, notesAfter, destroy: () => provider.destroy() }
  }

  it('handles what comes while the board is being inflated after it, in the order it came', async () => {
    const { whole, later } = boardAndLater()
    const { provider, notesAfter, destroy } = offlineProvider()
    try {
      deliver(provider, message((e) => (encoding.writeVarUint(e, MessageType.SyncStep2Deflated), encoding.writeVarUint8Array(e, deflateRawSync(whole)))))
      deliver(provider, message((e) => (encoding.writeVarUint(e, MessageType.Sync), syncProtocol.writeUpdate(e, later))))
      // Inflating is asynchronous: nothing is applied yet, the update waits its turn.
      expect(notesAfter).toEqual([])
      await waitFor(() => provider.synced, 'synced from the inflated board')
      await waitFor(() => notesAfter.length === 2, 'the waiting update applied')
      expect(notesAfter).toEqual([30, 31])
    } finally {
      destroy()
    }
  })

  it('a board that cannot be inflated: what came after is still handled, and the next connection asks for it plain', async () => {
    const { later } = boardAndLater()
    const { provider, notesAfter, destroy } = offlineProvider()
    const errors: unknown[] = []
    const log = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      deliver(provider, message((e) => (encoding.writeVarUint(e, MessageType.SyncStep2Deflated), encoding.writeVarUint8Array(e, new Uint8Array([0xff, 0xfe, 0x00, 0x13])))))
      deliver(provider, message((e) => (encoding.writeVarUint(e, MessageType.Sync), syncProtocol.writeUpdate(e, later))))
      await waitFor(() => !('deflate' in provider.params), 'deflate no longer asked for')
      expect(provider.url).not.toContain('deflate')
      // The later note could not be placed without the board (Yjs keeps it until the board comes), but it was taken.
      expect(notesAfter).toEqual([0])
      expect(provider.synced).toBe(false)
      expect(errors).toHaveLength(1)
    } finally {
      console.error = log
      destroy()
    }
  })
})
