import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSession, join, postJson, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncUpdateMessage, yClient } from '../../helpers/clients.ts'
import { CloseCode } from '../../../shared/protocol.ts'
import { LIMITS } from '../../../shared/limits.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

describe('limits per session', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startServer({ joinFailuresPerMinute: 10_000 })
  })
  afterAll(async () => {
    await t.close()
  })

  it(`lets at most ${LIMITS.participantsPerSession} people join, then says so in Japanese`, async () => {
    const s = await createSession(t.http)
    for (let i = 0; i < LIMITS.participantsPerSession; i++) await join(t.http, s.joinCode)
    const full = await postJson(t.http, '/api/join', { code: s.joinCode })
    expect(full.status).toBe(409)
    expect(full.body.message).toBe(`このセッションの参加人数が上限（${LIMITS.participantsPerSession}人）に達しました。ファシリテーターに声をかけてください。`)
  })

  it(`refuses a participant’s note past ${LIMITS.notesPerSession} notes, with a reason the tablet can show`, async () => {
    const s = await createSession(t.http)
    const p = await join(t.http, s.joinCode)
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(facilitator)
    facilitator.doc.transact(() => {
      for (let i = 0; i < LIMITS.notesPerSession; i++) {
        addNote(facilitator.doc, { text: `付箋${i}`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
      }
    })
    const room = () => t.server.rooms.open(`${s.sessionId}/board`, 'board')
    await waitFor(() => room().doc.getMap('notes').size === LIMITS.notesPerSession, 'board filled', 30_000)
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(room().doc))
    const updates: Uint8Array[] = []
    local.on('update', (u: Uint8Array) => updates.push(u))
    addNote(local, { text: 'もう一枚', canvas: 'need', color: 'yellow', authorId: p.participantId as ParticipantId, authorName: '', table: '' })
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await raw.open()
    raw.send(syncUpdateMessage(updates[0]!))
    expect(await raw.closed()).toBe(CloseCode.Forbidden)
    expect(room().doc.getMap('notes').size).toBe(LIMITS.notesPerSession)
    facilitator.destroy()
  }, 60_000)
})
