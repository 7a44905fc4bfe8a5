import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createSession, join, postJson, projectorToken, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, yClient } from '../../helpers/clients.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import { groupNotes } from '../../../shared/ops/groups.ts'
import { takenOn } from '../../../shared/ops/place.ts'
import { readBoard } from '../../../shared/board.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const SECRET = '秘密の困りごと・隣の家の事情'
const bytesOf = (messages: Uint8Array[]) => Buffer.concat(messages.map((m) => Buffer.from(m)))

describe('個人ワーク', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startServer()
  })
  afterAll(async () => {
    await t.close()
  })

  it('keeps a note’s text off other participants’ and the projector’s devices until 公開', async () => {
    const s = await createSession(t.http)
    const alice = await join(t.http, s.joinCode, 'アリス')
    const bob = await join(t.http, s.joinCode, 'ボブ')
    const watchers = [
      new RawClient(`${t.ws}/${s.sessionId}/board?token=${bob.participantToken}`),
      new RawClient(`${t.ws}/${s.sessionId}/control?token=${bob.participantToken}`),
      new RawClient(`${t.ws}/${s.sessionId}/private?token=${bob.participantToken}`),
      new RawClient(`${t.ws}/${s.sessionId}/board?token=${projectorToken(s)}`),
      new RawClient(`${t.ws}/${s.sessionId}/control?token=${projectorToken(s)}`),
    ]
    await Promise.all(watchers.map((w) => w.open()))
    // Nobody but the writer and the facilitator may open the writer's private document.
    for (const url of [
      `${t.ws}/${s.sessionId}/private/${alice.participantId}?token=${bob.participantToken}`,
      `${t.ws}/${s.sessionId}/private?token=${projectorToken(s)}`,
      `${t.ws}/${s.sessionId}/private/${alice.participantId}?token=${projectorToken(s)}`,
    ]) {
      await expect(new RawClient(url).open()).rejects.toThrow()
    }

    // Alice writes on her tablet into her private document.
    const aliceDoc = new Y.Doc()
    const aliceProvider = new WebsocketProvider(t.ws, `${s.sessionId}/private`, aliceDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: alice.participantToken },
      disableBc: true,
    })
    await waitFor(() => aliceProvider.synced, 'alice synced')
    addNote(aliceDoc, { text: SECRET, canvas: 'need', color: 'yellow', authorId: alice.participantId as ParticipantId, authorName: 'アリス', table: '' })
    // The facilitator sees it.
    const fDoc = new Y.Doc()
    const fProvider = new WebsocketProvider(t.ws, `${s.sessionId}/private/${alice.participantId}`, fDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: s.facilitatorKey },
      disableBc: true,
    })
    await waitFor(() => listNotes(fDoc).some((n) => n.text === SECRET), 'facilitator sees the private note')
    // Give any leak a chance to arrive: a board change by the facilitator reaches the watchers after it.
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    addNote(board.doc, { text: '目印', canvas: 'need', color: 'blue', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
    const marker = Buffer.from('目印')
    await waitFor(() => bytesOf(watchers[0]!.messages).includes(marker) && bytesOf(watchers[3]!.messages).includes(marker), 'marker reached the watchers')
    const secret = Buffer.from(SECRET)
    for (const w of watchers) expect(bytesOf(w.messages).includes(secret)).toBe(false)

    // Counted as waiting for 公開 (the export page says so), for the facilitator only.
    const waiting = (token: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/reveal`, { headers: { authorization: `Bearer ${token}` } })
    expect(await (await waiting(s.facilitatorKey)).json()).toEqual({ unrevealed: 1 })
    expect((await waiting(bob.participantToken)).status).toBe(401)

    // 公開: now it is on the board, for everyone, once.
    const revealed = await postJson(t.http, `/api/sessions/${s.sessionId}/reveal`, {}, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(revealed.body).toEqual({ moved: 1 })
    await waitFor(() => bytesOf(watchers[0]!.messages).includes(secret), 'revealed note reaches another participant')
    await waitFor(() => listNotes(aliceDoc).length === 0, 'private copy cleared')
    expect(listNotes(board.doc).filter((n) => n.text === SECRET)).toHaveLength(1)
    expect(listNotes(board.doc).find((n) => n.text === SECRET)!.authorId).toBe(alice.participantId)
    const again = await postJson(t.http, `/api/sessions/${s.sessionId}/reveal`, {}, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(again.body).toEqual({ moved: 0 })
    expect(await (await waiting(s.facilitatorKey)).json()).toEqual({ unrevealed: 0 })
    // Only the facilitator reveals.
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/reveal`, {}, { authorization: `Bearer ${bob.participantToken}` })).status).toBe(401)

    for (const w of watchers) w.close()
    for (const p of [aliceProvider, fProvider]) {
      p.awareness.destroy()
      p.destroy()
    }
    board.destroy()
  })
  it('公開 puts the revealed notes in the open: not on the table’s groups, not on each other', async () => {
    const s = await createSession(t.http)
    const people = [await join(t.http, s.joinCode, 'アリス'), await join(t.http, s.joinCode, 'ボブ')]
    // The table has already made a group at the top-left of ニーズ, and left a note beside it.
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    const write = (text: string, pos: { x: number; y: number }) => addNote(board.doc, { text, canvas: 'need', color: 'blue', authorId: 'facilitator' as ParticipantId, authorName: '', table: '', pos })
    const a = write('買い物が大変', { x: 40, y: 40 })
    const b = write('バスが少ない', { x: 300, y: 40 })
    groupNotes(board.doc, a.id, b.id, null, '移動')
    write('ごみ出し', { x: 560, y: 60 })
    const privates = []
    for (const [i, person] of people.entries()) {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(t.ws, `${s.sessionId}/private`, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: person.participantToken }, disableBc: true })
      await waitFor(() => provider.synced, 'private synced')
      for (let k = 0; k < 3; k++) addNote(doc, { text: `個人ワーク ${i}-${k}`, canvas: 'need', color: 'yellow', authorId: person.participantId as ParticipantId, authorName: '', table: '' })
      await waitFor(() => t.server.store.load(`${s.sessionId}/private/${person.participantId}`).updates.length > 0, 'private note stored')
      privates.push(provider)
    }
    const revealed = await postJson(t.http, `/api/sessions/${s.sessionId}/reveal`, {}, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(revealed.body).toEqual({ moved: 6 })
    await waitFor(() => listNotes(board.doc).length === 9, 'revealed notes on the board')
    const snapshot = readBoard(board.doc)
    const taken = takenOn(snapshot, 'need', '').filter((r) => r.w > NOTE_W)
    const rects = listNotes(board.doc).filter((n) => n.text.startsWith('個人ワーク')).map((n) => ({ ...n.pos, w: NOTE_W, h: NOTE_H }))
    const overlap = (p: { x: number; y: number; w: number; h: number }, q: typeof p) => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h
    expect(taken).toHaveLength(1)
    for (const [i, r] of rects.entries()) {
      expect(overlap(r, taken[0]!)).toBe(false)
      expect(overlap(r, { x: 560, y: 60, w: NOTE_W, h: NOTE_H })).toBe(false)
      for (const q of rects.slice(i + 1)) expect(overlap(r, q)).toBe(false)
    }
    for (const p of privates) {
      p.awareness.destroy()
      p.destroy()
    }
    board.destroy()
  })
})
