import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import http from 'node:http'
import { createSession, join, projectorToken, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, frame, rawTcpWebSocket, synced, syncStep1Message, syncUpdateMessage, yClient, type YClient } from '../../helpers/clients.ts'
import { sendOwnPresenceOnly } from '../../../client/sync/presence.ts'
import { CloseCode, MessageType, SyncMessageType } from '../../../shared/protocol.ts'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { addNote, deleteNote, listNotes, moveNote } from '../../../shared/ops/notes.ts'
import { notesMap } from '../../../shared/schema.ts'
import { AWARENESS_INTERVAL_MS, RELAY_INTERVAL_MS } from '../../../server/rooms.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

/** What the server has stored for a document: the state after replaying snapshot and log. */
function storedDoc(t: TestServer, name: string): Y.Doc {
  const doc = new Y.Doc()
  for (const update of t.server.store.load(name).updates) Y.applyUpdate(doc, update)
  return doc
}

function upgradeStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      port,
      host: '127.0.0.1',
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', ...headers },
    })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('upgrade', (_res, socket) => {
      socket.destroy()
      resolve(101)
    })
    req.on('error', reject)
    req.end()
  })
}

const note = (text: string, authorId: string) => ({ text, canvas: 'need' as const, color: 'yellow' as const, authorId: authorId as ParticipantId, authorName: '', table: '' })

describe('WebSocket sync', () => {
  let t: TestServer
  let s: CreatedSession
  let p: JoinResult

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    p = await join(t.http, s.joinCode, 'はなこ')
  })
  afterAll(async () => {
    await t.close()
  })

  it('refuses an upgrade without a token, with a wrong token, or to an unknown document with 401/404', async () => {
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board`)).toBe(401)
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board?token=wrong`)).toBe(401)
    // A valid token of another session does not open this one.
    const other = await createSession(t.http)
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board?token=${other.facilitatorKey}`)).toBe(401)
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/secrets?token=${s.facilitatorKey}`)).toBe(404)
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`)).toBe(101)
  })

  it('refuses a foreign Origin with 403 before the upgrade', async () => {
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`, { Origin: 'http://evil.example' })).toBe(403)
    expect(await upgradeStatus(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`, { Origin: `http://127.0.0.1:${t.port}` })).toBe(101)
  })

  it('relays a note between two tablets and stores it before relaying', async () => {
    const a = yClient(t.ws, s.sessionId, 'board', p.participantToken)
    const b = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(a), synced(b)])
    addNote(a.doc, note('病院行きのバスが一日三本しかない', p.participantId))
    await waitFor(() => listNotes(b.doc).length === 1, 'note relayed')
    expect(listNotes(b.doc)[0]!.text).toBe('病院行きのバスが一日三本しかない')
    // Relayed means stored: what b saw is in SQLite already.
    expect(listNotes(storedDoc(t, `${s.sessionId}/board`)).map((n) => n.text)).toContain('病院行きのバスが一日三本しかない')
    a.destroy()
    b.destroy()
  })

  it('answers a tablet joining with nothing with the board as it is now, after every change since the last such join', async () => {
    const s = await createSession(t.http)
    const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(writer)
    const fresh = async () => {
      const c = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
      await synced(c)
      const texts = listNotes(c.doc).map((n) => n.text).sort()
      c.destroy()
      return texts
    }
    expect(await fresh()).toEqual([])
    const first = addNote(writer.doc, note('一つ目', 'facilitator'))
    await waitFor(() => listNotes(storedDoc(t, `${s.sessionId}/board`)).length === 1, 'stored')
    expect(await fresh()).toEqual(['一つ目'])
    expect(await fresh()).toEqual(['一つ目'])
    addNote(writer.doc, note('二つ目', 'facilitator'))
    await waitFor(() => listNotes(storedDoc(t, `${s.sessionId}/board`)).length === 2, 'stored')
    expect(await fresh()).toEqual(['一つ目', '二つ目'])
    deleteNote(writer.doc, first.id)
    await waitFor(() => listNotes(storedDoc(t, `${s.sessionId}/board`)).length === 1, 'deletion stored')
    expect(await fresh()).toEqual(['二つ目'])
    writer.destroy()
  })

  it("stores a tablet's own change as it sent it, and of a sync reply only what the board did not have", async () => {
    const s = await createSession(t.http)
    const name = `${s.sessionId}/board`
    const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(writer)
    writer.doc.transact(() => {
      for (let i = 0; i < 50; i++) addNote(writer.doc, note(`既にある付箋 ${i}`, 'facilitator'))
    })
    await waitFor(() => listNotes(storedDoc(t, name)).length === 50, 'stored')
    const logged = () => t.server.store.load(name).updates
    // An incremental update: stored byte for byte.
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(writer.doc))
    const sent: Uint8Array[] = []
    local.on('update', (u: Uint8Array) => sent.push(u))
    addNote(local, note('新しい付箋', 'facilitator'))
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${s.facilitatorKey}`)
    await raw.open()
    const before = logged().length
    raw.send(syncUpdateMessage(sent[0]!))
    await waitFor(() => logged().length === before + 1, 'update stored')
    expect(Buffer.from(logged().at(-1)!).equals(Buffer.from(sent[0]!))).toBe(true)
    // A sync reply repeating the whole board and one note more: only that note is stored.
    const known = Y.getState(local.store, local.clientID)
    addNote(local, note('再接続で届く付箋', 'facilitator'))
    const whole = Y.encodeStateAsUpdate(local)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.Sync)
    encoding.writeVarUint(encoder, SyncMessageType.Step2)
    encoding.writeVarUint8Array(encoder, whole)
    raw.send(encoding.toUint8Array(encoder))
    await waitFor(() => listNotes(storedDoc(t, name)).length === 52, 'reply stored')
    const stored = Y.decodeUpdate(logged().at(-1)!)
    expect(stored.structs.length).toBeGreaterThan(0)
    expect(stored.structs.every((x) => x.id.client === local.clientID && x.id.clock >= known)).toBe(true)
    expect(logged().at(-1)!.length).toBeLessThan(whole.length / 10)
    raw.close()
    writer.destroy()
  })

  it('does not echo an update back to its sender', async () => {
    const sender = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    const watcher = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([sender.open(), synced(watcher)])
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(storedDoc(t, `${s.sessionId}/board`)))
    const before = listNotes(watcher.doc).length
    const updates: Uint8Array[] = []
    local.on('update', (u: Uint8Array) => updates.push(u))
    addNote(local, note('エコーしない', p.participantId))
    const sentBefore = sender.receivedUpdates().length
    sender.send(syncUpdateMessage(updates[0]!))
    await waitFor(() => listNotes(watcher.doc).length === before + 1, 'watcher sees it')
    expect(sender.receivedUpdates().length).toBe(sentBefore)
    sender.close()
    watcher.destroy()
  })

  it('drops a projector update: neither applied, relayed nor stored', async () => {
    const projector = yClient(t.ws, s.sessionId, 'board', projectorToken(s))
    const watcher = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(projector), synced(watcher)])
    addNote(projector.doc, note('プロジェクターからの書き込み', 'projector'))
    // A marker written afterwards by a writer proves the pipe is flowing before we look.
    const marker = yClient(t.ws, s.sessionId, 'board', p.participantToken)
    await synced(marker)
    addNote(marker.doc, note('目印', p.participantId))
    await waitFor(() => listNotes(watcher.doc).some((n) => n.text === '目印'), 'marker relayed')
    const room = t.server.rooms.loaded(`${s.sessionId}/board`)!
    expect(listNotes(room.doc).some((n) => n.text === 'プロジェクターからの書き込み')).toBe(false)
    expect(listNotes(watcher.doc).some((n) => n.text === 'プロジェクターからの書き込み')).toBe(false)
    expect(listNotes(storedDoc(t, `${s.sessionId}/board`)).some((n) => n.text === 'プロジェクターからの書き込み')).toBe(false)
    expect(room.stats.droppedReadOnly).toBeGreaterThan(0)
    for (const c of [projector, watcher, marker]) c.destroy()
  })

  it('does not let a participant change the control document', async () => {
    const participant = yClient(t.ws, s.sessionId, 'control', p.participantToken)
    const facilitator = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await Promise.all([synced(participant), synced(facilitator)])
    participant.doc.getMap('phase').set('current', 'hijacked')
    facilitator.doc.getMap('phase').set('marker', 'ok')
    await waitFor(() => participant.doc.getMap('phase').get('marker') === 'ok', 'facilitator write reaches participant')
    expect(facilitator.doc.getMap('phase').get('current')).not.toBe('hijacked')
    expect(storedDoc(t, `${s.sessionId}/control`).getMap('phase').get('current')).not.toBe('hijacked')
    participant.destroy()
    facilitator.destroy()
  })

  it('closes only the socket that sends a malformed message; another room keeps syncing', async () => {
    const other = await createSession(t.http)
    const a = yClient(t.ws, other.sessionId, 'board', other.facilitatorKey)
    const b = yClient(t.ws, other.sessionId, 'board', other.facilitatorKey)
    await Promise.all([synced(a), synced(b)])
    const bad = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await bad.open()
    bad.send(new Uint8Array([0, 2, 200, 1, 2])) // sync update whose length runs past the end
    expect(await bad.closed()).toBe(CloseCode.BadMessage)
    const garbage = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await garbage.open()
    garbage.send(new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255])) // an update that is not Yjs
    expect([CloseCode.UpdateRejected, CloseCode.BadMessage]).toContain(await garbage.closed())
    addNote(a.doc, note('まだ動いている', 'facilitator'))
    await waitFor(() => listNotes(b.doc).some((n) => n.text === 'まだ動いている'), 'other room syncs')
    a.destroy()
    b.destroy()
  })

  it('closes a frame with RSV bits set (1002) and an unmasked frame without harming others', async () => {
    const a = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    const b = yClient(t.ws, s.sessionId, 'board', p.participantToken)
    await Promise.all([synced(a), synced(b)])
    const rsv = await rawTcpWebSocket(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`)
    rsv.socket.write(frame(new Uint8Array([0, 0, 0]), { rsv: 0b100 }))
    await rsv.closed
    const unmasked = await rawTcpWebSocket(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`)
    unmasked.socket.write(frame(new Uint8Array([0, 0, 0]), { masked: false }))
    await unmasked.closed
    const text = await rawTcpWebSocket(t.port, `/ws/${s.sessionId}/board?token=${p.participantToken}`)
    text.socket.write(frame(new Uint8Array([0xff, 0xfe, 0xfd]), { opcode: 1 })) // bad UTF-8 in a text frame
    await text.closed
    addNote(a.doc, note('RSVのあとも届く', 'facilitator'))
    await waitFor(() => listNotes(b.doc).some((n) => n.text === 'RSVのあとも届く'), 'room still syncing')
    a.destroy()
    b.destroy()
  })

  it('closes a 2 MiB frame with 1009', async () => {
    const big = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await big.open()
    big.send(new Uint8Array(2 * 1024 * 1024))
    expect(await big.closed()).toBe(CloseCode.MessageTooBig)
  })

  it('rejects an update with missing dependencies and stores nothing of it', async () => {
    const name = `${s.sessionId}/board`
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await raw.open()
    // Two updates from one client; sending only the second leaves a gap in its clock.
    const local = new Y.Doc()
    const updates: Uint8Array[] = []
    local.on('update', (u: Uint8Array) => updates.push(u))
    local.getMap('notes').set('first', 'one')
    local.getMap('notes').set('second', 'two')
    const storedBefore = t.server.store.load(name).updates.length
    raw.send(syncUpdateMessage(updates[1]!))
    expect(await raw.closed()).toBe(CloseCode.UpdateRejected)
    expect(t.server.store.load(name).updates.length).toBe(storedBefore)
    const room = t.server.rooms.loaded(name)!
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(room.doc.getMap('notes').get('second')).toBeUndefined()
  })

  it('stamps awareness with the identity from the token, and keeps clients to their own ids', async () => {
    const a = yClient(t.ws, s.sessionId, 'board', p.participantToken)
    const f = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(a), synced(f)])
    a.provider.awareness.setLocalState({ user: { role: 'facilitator', name: 'なりすまし' }, cursor: 1 })
    await waitFor(() => f.provider.awareness.getStates().has(a.doc.clientID), 'presence relayed')
    const state = f.provider.awareness.getStates().get(a.doc.clientID) as { user: { role: string; name: string }; cursor: number }
    expect(state.user).toMatchObject({ role: 'participant', name: 'はなこ' })
    expect(state.cursor).toBe(1)
    a.destroy()
    f.destroy()
  })
})

describe('rooms', () => {
  it('unload when idle and reload from storage before the first sync is answered', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await createSession(t.http)
    const a = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(a)
    for (let i = 0; i < 20; i++) addNote(a.doc, note(`付箋${i}`, 'facilitator'))
    const name = `${s.sessionId}/board`
    await waitFor(() => t.server.store.load(name).updates.length > 1, 'stored')
    a.destroy()
    await waitFor(() => t.server.rooms.loaded(name) === undefined, 'room unloaded')
    const b = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    // The very first sync already carries every note: no empty board.
    await waitFor(() => b.provider.synced, 'synced')
    expect(listNotes(b.doc)).toHaveLength(20)
    b.destroy()
    await t.close()
  })
})

describe('presence throttling', () => {
  it('relays at most about ten presence updates a second per person, ending on the latest', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const p = await join(t.http, s.joinCode)
    const mover = yClient(t.ws, s.sessionId, 'board', p.participantToken)
    const watcher = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(mover), synced(watcher)])
    let seen = 0
    watcher.provider.awareness.on('change', () => seen++)
    // 100 cursor moves as fast as the client can send them (a modified client ignoring its own throttle).
    for (let i = 1; i <= 100; i++) mover.provider.awareness.setLocalStateField('cursor', i)
    await waitFor(() => (watcher.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: number } | undefined)?.cursor === 100, 'latest cursor arrives')
    // All 100 were sent in one go; the relay coalesces them (at most one per 100 ms), far fewer than sent.
    expect(seen).toBeLessThan(20)
    mover.destroy()
    watcher.destroy()
    await t.close()
  })
})

/** The awareness client ids a presence message speaks for, or null for any other message. */
function presenceIds(message: Uint8Array): number[] | null {
  const decoder = decoding.createDecoder(message)
  if (decoding.readVarUint(decoder) !== MessageType.Awareness) return null
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const ids: number[] = []
  for (let n = decoding.readVarUint(update); n > 0; n--) {
    ids.push(decoding.readVarUint(update))
    decoding.readVarUint(update)
    decoding.readVarString(update)
  }
  return ids
}

const isUpdate = (message: Uint8Array): boolean => message[0] === MessageType.Sync && message[1] === SyncMessageType.Update

/** Five people with the facilitator's key on one board, a note each, and a plain socket watching. */
async function busyBoard(t: TestServer, s: CreatedSession) {
  const people = [0, 1, 2, 3, 4].map(() => yClient(t.ws, s.sessionId, 'board', s.facilitatorKey))
  await Promise.all(people.map(synced))
  const ids = people.map((person, i) => addNote(person.doc, note(`付箋${i}`, 'facilitator')).id)
  const watcher = new RawClient(`${t.ws}/${s.sessionId}/board?token=${s.facilitatorKey}`)
  await watcher.open()
  watcher.send(syncStep1Message(new Y.Doc()))
  await waitFor(() => {
    const watched = new Y.Doc()
    for (const update of watcher.receivedUpdates()) Y.applyUpdate(watched, update)
    return ids.every((id) => notesMap(watched).has(id))
  }, 'the watcher has every note')
  return { people, ids, watcher }
}

describe('batching what many people do at once', () => {
  it("sends several people's moves to a tablet at most once per RELAY_INTERVAL_MS, and every last position arrives", async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const { people, ids, watcher } = await busyBoard(t, s)
    const from = watcher.messages.length
    const started = performance.now()
    // Five people dragging at once, each sending a move every few milliseconds.
    for (let step = 1; step <= 30; step++) {
      people.forEach((person, i) => moveNote(person.doc, ids[i]!, { x: step, y: i }))
      await new Promise((r) => setTimeout(r, 2))
    }
    const watched = new Y.Doc()
    await waitFor(() => {
      watched.transact(() => {
        for (const update of watcher.receivedUpdates()) Y.applyUpdate(watched, update)
      })
      return ids.every((id) => (notesMap(watched).get(id)?.get('pos') as { x: number } | undefined)?.x === 30)
    }, 'every last position arrives')
    const elapsed = performance.now() - started
    const batches = watcher.messages.slice(from).filter(isUpdate).length
    // 150 moves: one batch at the start, then at most one per interval (less two milliseconds: the
    // server's clock and its timers count whole milliseconds).
    expect(batches).toBeLessThanOrEqual(Math.ceil(elapsed / (RELAY_INTERVAL_MS - 2)) + 1)
    for (const person of people) person.destroy()
    watcher.ws.close()
    await t.close()
  })

  it("sends everyone's presence in one message at most every AWARENESS_INTERVAL_MS, never a person's own back", async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const { people, watcher } = await busyBoard(t, s)
    const ownSeen: number[] = []
    for (const person of people) {
      person.provider.ws!.addEventListener('message', (event: MessageEvent) => {
        const ids = presenceIds(new Uint8Array(event.data as ArrayBuffer))
        if (ids?.includes(person.doc.clientID)) ownSeen.push(person.doc.clientID)
      })
    }
    const from = watcher.messages.length
    const started = performance.now()
    for (let step = 1; step <= 30; step++) {
      for (const person of people) person.provider.awareness.setLocalStateField('cursor', { x: step, y: 0 })
      await new Promise((r) => setTimeout(r, 5))
    }
    const cursorOf = (viewer: YClient, of: YClient) => (viewer.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x
    await waitFor(() => people.every((a) => people.every((b) => a === b || cursorOf(a, b) === 30)), 'everyone sees the last cursors')
    const elapsed = performance.now() - started
    const presence = watcher.messages.slice(from).map(presenceIds).filter((ids): ids is number[] => ids !== null)
    expect(presence.length).toBeLessThanOrEqual(Math.ceil(elapsed / (AWARENESS_INTERVAL_MS - 2)) + 1)
    // Five people moving at once share messages (one person's cursor alone would be 30 messages per person).
    expect(presence.some((ids) => ids.length > 1)).toBe(true)
    expect(ownSeen).toEqual([])
    for (const person of people) person.destroy()
    watcher.ws.close()
    await t.close()
  })
})

/**
 * A tablet's socket that asked for acknowledgements (`ack=1`), on a fresh session, with a copy of the board
 * to write on: each Ack read back as its state vector and the count of the socket's updates taken.
 */
async function ackingTablet() {
  const t = await startServer()
  const s = await createSession(t.http)
  const p = await join(t.http, s.joinCode)
  const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}&ack=1`)
  await raw.open()
  const acks = () =>
    raw.messages
      .filter((m) => m[0] === MessageType.Ack)
      .map((m) => {
        const decoder = decoding.createDecoder(m.subarray(1))
        const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
        return { stateVector, taken: decoding.readVarUint(decoder) }
      })
  await waitFor(() => acks().length === 1, 'an ack on joining')
  const local = new Y.Doc()
  Y.applyUpdate(local, Y.encodeStateAsUpdate(t.server.rooms.open(`${s.sessionId}/board`, 'board').doc))
  const updates: Uint8Array[] = []
  local.on('update', (u: Uint8Array) => updates.push(u))
  return { t, s, p, raw, acks, local, updates }
}

describe('acknowledgements for 未送信', () => {
  it('tell a tablet that asked for them what is on disk, after its update is stored', async () => {
    const { t, s, p, raw, acks, local, updates } = await ackingTablet()
    addNote(local, note('届いたら消える印', p.participantId))
    raw.send(syncUpdateMessage(updates[0]!))
    await waitFor(() => (acks().at(-1)?.stateVector.get(local.clientID) ?? 0) > 0, 'ack covering the note')
    // What was acknowledged is in SQLite already.
    expect(listNotes(storedDoc(t, `${s.sessionId}/board`)).some((n) => n.text === '届いたら消える印')).toBe(true)
    // A client that did not ask gets no such message (the stock y-websocket client would not know it).
    const plain = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await plain.open()
    await waitFor(() => plain.messages.length > 0, 'sync step 1')
    expect(plain.messages.some((m) => m[0] === MessageType.Ack)).toBe(false)
    raw.close()
    plain.close()
    await t.close()
  })
})

describe('acknowledgements of deletes', () => {
  it('count the socket\'s updates the server took, so a delete (which leaves the state vector alone) is confirmed too, resent or not', async () => {
    const { t, s, p, raw, acks, local, updates } = await ackingTablet()
    expect(acks()[0]!.taken).toBe(0)
    const { id } = addNote(local, note('消すつもりの付箋', p.participantId))
    raw.send(syncUpdateMessage(updates[0]!))
    await waitFor(() => acks().some((a) => a.taken === 1), 'ack of the note')
    const afterNote = acks().find((a) => a.taken === 1)!.stateVector

    deleteNote(local, id)
    raw.send(syncUpdateMessage(updates[1]!))
    await waitFor(() => acks().some((a) => a.taken === 2), 'ack of the delete')
    // The delete changed no state vector: only the count tells the tablet it is on the disk.
    expect(acks().find((a) => a.taken === 2)!.stateVector).toEqual(afterNote)
    expect(listNotes(storedDoc(t, `${s.sessionId}/board`)).some((n) => n.text === '消すつもりの付箋')).toBe(false)

    // The same delete again (a tablet back from offline resends what the server has): nothing to store, still acknowledged.
    const logBefore = t.server.store.load(`${s.sessionId}/board`).updates.length
    raw.send(syncUpdateMessage(updates[1]!))
    await waitFor(() => acks().some((a) => a.taken === 3), 'ack of the repeated delete')
    expect(t.server.store.load(`${s.sessionId}/board`).updates.length).toBe(logBefore)
    raw.close()
    await t.close()
  })
})

describe('a tablet that stops reading', () => {
  it('is closed once 8 MB wait for it, while the others keep getting every change', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const name = `${s.sessionId}/board`
    const slow = new RawClient(`${t.ws}/${name}?token=${s.facilitatorKey}`)
    await waitFor(() => slow.opened, 'slow socket open')
    // It reads nothing more: the kernel's buffers fill first, then the server's.
    ;(slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
    const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    const reader = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(writer)
    await synced(reader)
    const room = t.server.rooms.loaded(name)!
    expect(room.peers.size).toBe(3)
    const chunk = 'あ'.repeat(300_000) // 900 KB of UTF-8, under the 1 MiB frame cap
    for (let i = 0; i < 30 && room.peers.size === 3; i++) {
      writer.doc.getMap('scratch').set(`k${i}`, chunk)
      await waitFor(() => reader.doc.getMap('scratch').has(`k${i}`), `change ${i} relayed`)
    }
    expect(room.peers.size).toBe(2)
    writer.doc.getMap('scratch').set('after', 'まだ届く')
    await waitFor(() => reader.doc.getMap('scratch').get('after') === 'まだ届く', 'relayed after the close')
    // Reading again, the slow tablet finds the close (4408) after what it was sent.
    ;(slow.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    await waitFor(() => slow.closeCode !== null, 'slow socket closed', 20_000)
    expect(slow.closeCode).toBe(CloseCode.Timeout)
    writer.destroy()
    reader.destroy()
    await t.close()
  }, 60_000)
})

describe('presence from a tablet', () => {
  it("speaks only for itself: others' cursors reach it and are not sent back, as the stock client does", async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const [a, own, stock] = [0, 1, 2].map(() => yClient(t.ws, s.sessionId, 'board', s.facilitatorKey))
    sendOwnPresenceOnly(own!.provider)
    for (const client of [a!, own!, stock!]) await synced(client)
    const presenceSent = (client: YClient): (() => number) => {
      let count = 0
      const ws = client.provider.ws!
      const send = ws.send.bind(ws)
      ws.send = (data: Parameters<WebSocket['send']>[0]) => {
        if (data instanceof Uint8Array && data[0] === MessageType.Awareness) count++
        send(data)
      }
      return () => count
    }
    const ownSent = presenceSent(own!)
    const stockSent = presenceSent(stock!)
    const cursorOf = (viewer: YClient, of: YClient) => (viewer.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x
    for (let x = 1; x <= 5; x++) {
      a!.provider.awareness.setLocalStateField('cursor', { x, y: 0 })
      await waitFor(() => cursorOf(own!, a!) === x && cursorOf(stock!, a!) === x, `cursor ${x} seen`)
    }
    expect(stockSent()).toBeGreaterThanOrEqual(5)
    expect(ownSent()).toBe(0)
    own!.provider.awareness.setLocalStateField('cursor', { x: 9, y: 0 })
    await waitFor(() => cursorOf(a!, own!) === 9, "the tablet's own cursor seen")
    expect(ownSent()).toBe(1)
    for (const client of [a!, own!, stock!]) client.destroy()
    await t.close()
  })
})
