/**
 * The board's plain copy (MessageType.BoardPreview; client/sync/preview.ts) against the real server: who gets
 * it and what it holds, and a tablet that draws it before the board itself is applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { inflateRawSync } from 'node:zlib'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncStep1Message, yClient, type YClient } from '../../helpers/clients.ts'
import { takeDeflatedSync } from '../../../client/sync/firstSync.ts'
import { PreviewGate, takeBoardPreview } from '../../../client/sync/preview.ts'
import { MessageType } from '../../../shared/protocol.ts'
import { addNote, listNotes, setNoteHidden } from '../../../shared/ops/notes.ts'
import type { BoardSnapshot } from '../../../shared/board.ts'
import type { NoteId, ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

/** Enough notes for the whole board to be over DEFLATE_MIN_BYTES. */
const NOTES = 80

const typeOf = (m: Uint8Array): number => decoding.readVarUint(decoding.createDecoder(m))

describe('the board’s plain copy for a tablet’s first visit', () => {
  let t: TestServer
  let s: CreatedSession
  let p: JoinResult
  let host: YClient
  let hiddenId: NoteId
  const open: YClient[] = []

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    p = await join(t.http, s.joinCode, 'はなこ')
    host = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(host)
    host.doc.transact(() => {
      for (let i = 0; i < NOTES; i++) addNote(host.doc, { text: `買い物の足がない ${i}`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
    })
    hiddenId = listNotes(host.doc)[0]!.id
    setNoteHidden(host.doc, hiddenId, true)
    await waitFor(() => t.server.store.load(`${s.sessionId}/board`).updates.length > 0, 'board stored')
  })
  afterAll(async () => {
    for (const c of [host, ...open]) c.destroy()
    await t.close()
  })

  /** The types of the messages a raw socket got once the whole board came, after sending `stateOf`'s sync step 1. */
  const answer = async (token: string, query: string, stateOf = new Y.Doc()) => {
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${token}&deflate=2${query}`)
    await raw.open()
    raw.send(syncStep1Message(stateOf))
    await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2) || raw.receivedUpdates().length > 0, 'the board')
    raw.close()
    return raw.messages
  }

  it('comes just before the whole board to a participant that asks, holding the board as participants see it', async () => {
    const messages = await answer(p.participantToken, '&preview=1')
    const types = messages.map(typeOf)
    const at = types.indexOf(MessageType.BoardPreview)
    expect(at).toBeGreaterThanOrEqual(0)
    expect(types.indexOf(MessageType.SyncStep2DeflatedV2)).toBe(at + 1)
    const decoder = decoding.createDecoder(messages[at]!)
    decoding.readVarUint(decoder)
    const copy = JSON.parse(inflateRawSync(decoding.readVarUint8Array(decoder)).toString('utf8')) as BoardSnapshot
    const seen = listNotes(host.doc).filter((n) => !n.hidden)
    expect(copy.notes.map((n) => n.id).sort()).toEqual(seen.map((n) => n.id).sort())
    // A note the facilitator hid is not in it, text and all.
    expect(copy.notes.some((n) => n.id === hiddenId)).toBe(false)
    expect(copy.notes.find((n) => n.id === seen[0]!.id)).toEqual(JSON.parse(JSON.stringify(seen[0])))
  })

  it('is not sent to the facilitator, to a client that does not ask, nor to a tablet that already has some of the board', async () => {
    const none = (messages: Uint8Array[]) => messages.filter((m) => typeOf(m) === MessageType.BoardPreview).length
    expect(none(await answer(s.facilitatorKey, '&preview=1'))).toBe(0)
    expect(none(await answer(p.participantToken, ''))).toBe(0)
    const some = new Y.Doc()
    Y.applyUpdate(some, Y.encodeStateAsUpdate(host.doc))
    addNote(host.doc, { text: 'あとから来た付箋', canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}&deflate=2&preview=1`)
    await raw.open()
    raw.send(syncStep1Message(some))
    await waitFor(() => raw.receivedUpdates().some((u) => Y.decodeUpdate(u).structs.length > 0), 'what it lacks')
    raw.close()
    expect(none(raw.messages)).toBe(0)
  })

  it('is drawn first: the board itself waits, inflated, until the copy has been painted, then is applied', async () => {
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

  it('comes from a room just loaded from storage too (the stored snapshot is applied for it)', async () => {
    const cold = await startServer({ roomIdleMs: 50 })
    try {
      const session = await createSession(cold.http)
      const person = await join(cold.http, session.joinCode, 'たろう')
      const writer = yClient(cold.ws, session.sessionId, 'board', session.facilitatorKey)
      await synced(writer)
      writer.doc.transact(() => {
        for (let i = 0; i < NOTES; i++) addNote(writer.doc, { text: `段差がこわい ${i}`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
      })
      const name = `${session.sessionId}/board`
      await waitFor(() => cold.server.store.load(name).updates.length > 0, 'board stored')
      writer.destroy()
      await waitFor(() => cold.server.rooms.loaded(name) === undefined, 'room unloaded')
      const raw = new RawClient(`${cold.ws}/${session.sessionId}/board?token=${person.participantToken}&deflate=2&preview=1`)
      await raw.open()
      raw.send(syncStep1Message(new Y.Doc()))
      await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2), 'the board')
      raw.close()
      const preview = raw.messages.find((m) => typeOf(m) === MessageType.BoardPreview)
      expect(preview).toBeDefined()
      const decoder = decoding.createDecoder(preview!)
      decoding.readVarUint(decoder)
      const copy = JSON.parse(inflateRawSync(decoding.readVarUint8Array(decoder)).toString('utf8')) as BoardSnapshot
      expect(copy.notes).toHaveLength(NOTES)
    } finally {
      await cold.close()
    }
  })
})
