/**
 * client/sync/firstSync.ts and preview.ts against the real server: the first sync comes without Yjs encoding it
 * again for 'update' listeners, nothing written meanwhile goes unsent, and a tablet's plain copy of the board
 * comes first and is drawn before the board is applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncStep1Message, yClient, type YClient } from '../../helpers/clients.ts'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { applyFirstSyncQuietly, takeDeflatedSync } from '../../../client/sync/firstSync.ts'
import { PreviewGate, takeBoardPreview } from '../../../client/sync/preview.ts'
import type { BoardSnapshot } from '../../../shared/board.ts'
import { DEFLATE_MIN_BYTES, MessageType } from '../../../shared/protocol.ts'
import { addNote, listNotes, setNoteHidden } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

/** Enough notes for the whole board to be over DEFLATE_MIN_BYTES. */
const NOTES = 80

/** A document holding only `update`. */
const applied = (update: Uint8Array): Y.Doc => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

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
  const tablet = (quiet: boolean, params: Record<string, string> = {}) => {
    const doc = new Y.Doc()
    const heard: Array<'server' | 'local'> = []
    const client = yClient(t.ws, s.sessionId, 'board', p.participantToken, doc, {}, params)
    doc.on('update', (_update: Uint8Array, origin: unknown) => heard.push(origin === client.provider ? 'server' : 'local'))
    takeDeflatedSync(client.provider, () => quiet)
    if (quiet) applyFirstSyncQuietly(client.provider, () => true)
    open.push(client)
    return { client, heard }
  }

  it.each([
    ['plain', {}],
    ['deflated, in the second encoding', { deflate: '2' }],
  ])('gets the whole board (%s) without an update event for it, and hears later changes again', async (_how, params) => {
    const loud = tablet(false, params)
    const quiet = tablet(true, params)
    await Promise.all([synced(loud.client), synced(quiet.client)])
    expect(listNotes(quiet.client.doc).map((n) => n.id).sort()).toEqual(listNotes(host.doc).map((n) => n.id).sort())
    // Without it, the board's arrival is an update event (Yjs encoded it for the listeners).
    expect(loud.heard).toEqual(['server'])
    expect(quiet.heard).toEqual([])

    const later = `集会所の段差 ${JSON.stringify(params)}`
    addNote(host.doc, note(later, 'facilitator'))
    await waitFor(() => quiet.heard.length === 1 && loud.heard.length === 2, 'a later change heard')
    expect(quiet.heard).toEqual(['server'])

    const written = `ごみ出しが大変 ${JSON.stringify(params)}`
    addNote(quiet.client.doc, note(written, p.participantId))
    await waitFor(() => listNotes(host.doc).some((n) => n.text === written), 'a note written after the sync reaches the server')
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
    const deflatedTypes: number[] = [MessageType.SyncStep2Deflated, MessageType.SyncStep2DeflatedV2]
    await waitFor(() => raw.messages.some((m) => deflatedTypes.includes(typeOf(m))) || raw.receivedUpdates().length > 0, 'the answer')
    const deflated = raw.messages.find((m) => deflatedTypes.includes(typeOf(m)))
    raw.close()
    return { deflated, type: deflated && typeOf(deflated), plain: raw.receivedUpdates()[0] }
  }

  it('deflates a large first sync only for the clients that ask, to about a fifth of its bytes, less in the second encoding', async () => {
    const v1 = await firstAnswer('&deflate=1')
    const v2 = await firstAnswer('&deflate=2')
    const stock = await firstAnswer('')
    const other = await firstAnswer('&deflate=__proto__')
    for (const plain of [stock, other]) {
      expect(plain.deflated).toBeUndefined()
      expect(plain.plain!.length).toBeGreaterThan(DEFLATE_MIN_BYTES)
    }
    expect(v1.plain).toBeUndefined()
    expect(v1.type).toBe(MessageType.SyncStep2Deflated)
    expect(v1.deflated!.length).toBeLessThan(stock.plain!.length / 3)
    expect(v2.plain).toBeUndefined()
    expect(v2.type).toBe(MessageType.SyncStep2DeflatedV2)
    expect(v2.deflated!.length).toBeLessThan(v1.deflated!.length)

    // The tablet's provider: synced from either, the same board as the host's.
    for (const [deflate, type] of [['1', MessageType.SyncStep2Deflated], ['2', MessageType.SyncStep2DeflatedV2]] as const) {
      const client = yClient(t.ws, s.sessionId, 'board', p.participantToken, new Y.Doc(), {}, { deflate })
      const { doc, provider } = client
      open.push(client)
      let inflated = 0
      takeDeflatedSync(provider)
      const take = provider.messageHandlers[type]!
      provider.messageHandlers[type] = (...args) => {
        inflated++
        take(...args)
      }
      await waitFor(() => provider.synced, 'synced from the deflated answer')
      expect(inflated).toBe(1)
      expect(listNotes(doc).map((n) => n.id).sort()).toEqual(listNotes(host.doc).map((n) => n.id).sort())
    }
  })

  it('connects again without deflate when the deflated board cannot be inflated, and gets it whole', async () => {
    const client = yClient(t.ws, s.sessionId, 'board', p.participantToken, new Y.Doc(), {}, { deflate: '2' })
    const { doc, provider } = client
    open.push(client)
    takeDeflatedSync(provider)
    const take = provider.messageHandlers[MessageType.SyncStep2DeflatedV2]!
    let corrupted = 0
    provider.messageHandlers[MessageType.SyncStep2DeflatedV2] = (encoder, decoder, ...rest) => {
      // The board's bytes as a broken network or a bad proxy might leave them.
      const garbage = encoding.createEncoder()
      encoding.writeVarUint8Array(garbage, new Uint8Array(decoding.readVarUint8Array(decoder).length).fill(0xff))
      corrupted++
      take(encoder, decoding.createDecoder(encoding.toUint8Array(garbage)), ...rest)
    }
    const errors: unknown[] = []
    const error = console.error
    console.error = (...args: unknown[]) => void errors.push(args[0])
    try {
      await waitFor(() => provider.synced && listNotes(doc).length === listNotes(host.doc).length, 'synced after giving up on deflate')
    } finally {
      console.error = error
    }
    expect(corrupted).toBe(1)
    expect(provider.params.deflate).toBeUndefined()
    expect(errors).toEqual([expect.stringContaining('could not be inflated')])
  })

  it('sends the whole board to a client that says fresh=1 before it asks, then answers its own step 1 with only what came since', async () => {
    const typeOf = (m: Uint8Array) => decoding.readVarUint(decoding.createDecoder(m))
    const inflatedBoard = (m: Uint8Array) => {
      const decoder = decoding.createDecoder(m)
      decoding.readVarUint(decoder)
      const doc = new Y.Doc()
      Y.applyUpdateV2(doc, new Uint8Array(inflateRawSync(decoding.readVarUint8Array(decoder))))
      return doc
    }
    const fresh = async () => {
      const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}&deflate=2&fresh=1`)
      await raw.open()
      // Nothing sent from this side yet.
      await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2), 'the board pushed on joining')
      const pushed = raw.messages.filter((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2)
      expect(pushed).toHaveLength(1)
      expect(listNotes(inflatedBoard(pushed[0]!)).map((n) => n.id).sort()).toEqual(listNotes(host.doc).map((n) => n.id).sort())
      return raw
    }

    // Nothing changed in between: the step 1 of a client that still has nothing gets an empty update.
    const quiet = await fresh()
    const before = quiet.receivedUpdates().length
    quiet.send(syncStep1Message(new Y.Doc()))
    await waitFor(() => quiet.receivedUpdates().length > before, 'the answer to its step 1')
    const empty = new Y.Doc()
    Y.applyUpdate(empty, quiet.receivedUpdates().at(-1)!)
    expect(empty.store.clients.size).toBe(0)
    expect(quiet.messages.filter((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2)).toHaveLength(1)
    quiet.close()

    // A note written in between is relayed to it, and its step 1 gets that note, not the whole board again.
    const busy = await fresh()
    const board = inflatedBoard(busy.messages.find((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2)!)
    const pushedState = Y.decodeStateVector(Y.encodeStateVector(board))
    const between = `押し込み後の付箋 ${Date.now()}`
    addNote(host.doc, note(between, 'facilitator'))
    const mirror = () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(board))
      for (const u of busy.receivedUpdates()) Y.applyUpdate(doc, u)
      return doc
    }
    await waitFor(() => listNotes(mirror()).some((n) => n.text === between), 'the note written in between, relayed')
    const relayed = busy.receivedUpdates().length
    busy.send(syncStep1Message(new Y.Doc()))
    await waitFor(() => busy.receivedUpdates().length > relayed, 'the answer to its step 1')
    const { structs } = Y.decodeUpdate(busy.receivedUpdates().at(-1)!)
    expect(structs.length).toBeGreaterThan(0)
    // Only what was written after the push.
    for (const struct of structs) expect(struct.id.clock).toBeGreaterThanOrEqual(pushedState.get(struct.id.client) ?? 0)
    expect(busy.messages.filter((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2)).toHaveLength(1)
    busy.close()
  })

  /** The plain copy a raw socket got (MessageType.BoardPreview; client/sync/preview.ts), read back; undefined when none came. */
  const previewIn = (messages: Uint8Array[]): BoardSnapshot | undefined => {
    const m = messages.find((x) => decoding.readVarUint(decoding.createDecoder(x)) === MessageType.BoardPreview)
    if (!m) return undefined
    const decoder = decoding.createDecoder(m)
    decoding.readVarUint(decoder)
    return JSON.parse(inflateRawSync(decoding.readVarUint8Array(decoder)).toString('utf8')) as BoardSnapshot
  }

  /** What a raw socket got once the whole board came, after sending `stateOf`'s sync step 1. */
  const answered = async (token: string, query: string, stateOf = new Y.Doc()) => {
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${token}&deflate=2${query}`)
    await raw.open()
    raw.send(syncStep1Message(stateOf))
    const typeOf = (m: Uint8Array) => decoding.readVarUint(decoding.createDecoder(m))
    await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2) || raw.receivedUpdates().some((u) => Y.decodeUpdate(u).structs.length > 0), 'the board')
    raw.close()
    return raw.messages
  }

  it('sends a participant that asks with preview=1 a plain copy of the board just before it, as participants see it', async () => {
    const hidden = listNotes(host.doc)[0]!.id
    setNoteHidden(host.doc, hidden, true)
    await waitFor(() => listNotes(t.server.rooms.loaded(`${s.sessionId}/board`)!.doc).find((n) => n.id === hidden)?.hidden === true, 'hidden on the server')
    const messages = await answered(p.participantToken, '&preview=1')
    const types = messages.map((m) => decoding.readVarUint(decoding.createDecoder(m)))
    expect(types.indexOf(MessageType.SyncStep2DeflatedV2)).toBe(types.indexOf(MessageType.BoardPreview) + 1)
    const copy = previewIn(messages)!
    const seen = listNotes(host.doc).filter((n) => !n.hidden)
    expect(copy.notes.map((n) => n.id).sort()).toEqual(seen.map((n) => n.id).sort())
    // A note the facilitator hid is not in it, text and all.
    expect(copy.notes.some((n) => n.id === hidden)).toBe(false)
    expect(copy.notes.find((n) => n.id === seen[0]!.id)).toEqual(JSON.parse(JSON.stringify(seen[0])))
    setNoteHidden(host.doc, hidden, false)
  })

  it('sends no plain copy to the facilitator, to a client that does not ask, nor to a tablet that already has some of the board', async () => {
    expect(previewIn(await answered(s.facilitatorKey, '&preview=1'))).toBeUndefined()
    expect(previewIn(await answered(p.participantToken, ''))).toBeUndefined()
    const some = new Y.Doc()
    Y.applyUpdate(some, Y.encodeStateAsUpdate(host.doc))
    addNote(host.doc, note('あとから来た付箋', 'facilitator'))
    expect(previewIn(await answered(p.participantToken, '&preview=1', some))).toBeUndefined()
  })

  it('has a tablet draw the plain copy first: the board itself waits, inflated, until the copy has been painted', async () => {
    const tablet = yClient(t.ws, s.sessionId, 'board', p.participantToken, new Y.Doc(), {}, { deflate: '2', preview: '1' })
    open.push(tablet)
    const gate = new PreviewGate(60_000)
    let shown: { board: BoardSnapshot; notesInDoc: number } | null = null
    let waiting = false
    takeDeflatedSync(tablet.provider, () => false, () => {
      waiting = true
      return gate.drawn
    })
    takeBoardPreview(tablet.provider, gate, (board) => (shown = { board, notesInDoc: listNotes(tablet.doc).length }))
    await waitFor(() => shown !== null && waiting, 'the copy shown and the board inflated')
    expect(shown!.notesInDoc).toBe(0)
    expect(shown!.board.notes.length).toBe(listNotes(host.doc).filter((n) => !n.hidden).length)
    expect(tablet.provider.synced).toBe(false)
    expect(listNotes(tablet.doc)).toHaveLength(0)
    gate.release()
    await synced(tablet)
    expect(listNotes(tablet.doc).map((n) => n.id).sort()).toEqual(listNotes(host.doc).map((n) => n.id).sort())
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
    const provider = new WebsocketProvider(t.ws, `${s.sessionId}/board`, doc, { connect: false, disableBc: true, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { deflate: '2' } })
    takeDeflatedSync(provider)
    const notesAfter: number[] = []
    doc.on('afterTransaction', () => notesAfter.push(listNotes(doc).length))
    return { provider, notesAfter, destroy: () => provider.destroy() }
  }

  it.each([
    ['first', MessageType.SyncStep2Deflated, (whole: Uint8Array) => whole],
    ['second', MessageType.SyncStep2DeflatedV2, Y.convertUpdateFormatV1ToV2],
  ])('handles what comes while the board (%s encoding) is being inflated after it, in the order it came', async (_name, type, encode) => {
    const { whole, later } = boardAndLater()
    const { provider, notesAfter, destroy } = offlineProvider()
    try {
      deliver(provider, message((e) => (encoding.writeVarUint(e, type), encoding.writeVarUint8Array(e, deflateRawSync(encode(whole))))))
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

  it.each([
    ['cannot be inflated', MessageType.SyncStep2Deflated, new Uint8Array([0xff, 0xfe, 0x00, 0x13])],
    ['inflates to no update', MessageType.SyncStep2DeflatedV2, deflateRawSync(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))],
  ])('a board that %s: what came after is still handled, and the next connection asks for it plain', async (_what, type, bytes) => {
    const { later } = boardAndLater()
    const { provider, notesAfter, destroy } = offlineProvider()
    const errors: unknown[] = []
    const log = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      deliver(provider, message((e) => (encoding.writeVarUint(e, type), encoding.writeVarUint8Array(e, bytes))))
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
