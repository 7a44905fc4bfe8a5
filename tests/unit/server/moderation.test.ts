import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, join, postJson, startServer, type TestServer } from '../../helpers/server.ts'
import { RawClient } from '../../helpers/clients.ts'
import { CloseCode } from '../../../shared/protocol.ts'

describe('the facilitator removes a participant', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startServer()
  })
  afterAll(async () => {
    await t.close()
  })

  it('revokes the token on the server and closes every open socket of that person', async () => {
    const s = await createSession(t.http, { tables: ['北町'] })
    const p = await join(t.http, s.joinCode, 'たろう')
    const other = await join(t.http, s.joinCode, 'はなこ')
    const sockets = [new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`), new RawClient(`${t.ws}/${s.sessionId}/control?token=${p.participantToken}`)]
    const bystander = new RawClient(`${t.ws}/${s.sessionId}/board?token=${other.participantToken}`)
    await Promise.all([...sockets, bystander].map((c) => c.open()))

    const list = await fetch(`${t.http}/api/sessions/${s.sessionId}/participants`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    expect(((await list.json()) as { participants: Array<{ name: string }> }).participants.map((x) => x.name)).toEqual(['たろう', 'はなこ'])

    // Only the facilitator may do it.
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/participants/${p.participantId}/revoke`, {}, { authorization: `Bearer ${other.participantToken}` })).status).toBe(401)
    const revoked = await postJson(t.http, `/api/sessions/${s.sessionId}/participants/${p.participantId}/revoke`, {}, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(revoked.status).toBe(200)
    expect(await Promise.all(sockets.map((c) => c.closed()))).toEqual([CloseCode.Unauthorized, CloseCode.Unauthorized])
    expect(bystander.closeCode).toBeNull()

    // Removed already (the facilitator's second laptop, or a double tap): said as such, not 「セッションが見つかりません。」.
    for (const action of ['revoke', 'table'] as const) {
      const gone = await postJson(t.http, `/api/sessions/${s.sessionId}/participants/p_nobody/${action}`, { table: '北町' }, { authorization: `Bearer ${s.facilitatorKey}` })
      expect(gone.status).toBe(404)
      expect(gone.body).toMatchObject({ error: 'participant-not-found', message: 'その参加者はいません。すでに退出させたか、一覧が古いかもしれません。' })
    }
    const again = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await expect(again.open()).rejects.toThrow()
    const info = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${p.participantToken}` } })
    expect(info.status).toBe(401)
    bystander.close()
  })

  it('seats a participant at a table, closing their sockets so their tablet reads its table again', async () => {
    const s = await createSession(t.http, { tables: ['北町', '南町'] })
    const p = await join(t.http, s.joinCode)
    const other = await join(t.http, s.joinCode)
    const socket = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    const bystander = new RawClient(`${t.ws}/${s.sessionId}/board?token=${other.participantToken}`)
    await Promise.all([socket.open(), bystander.open()])
    const res = await postJson(t.http, `/api/sessions/${s.sessionId}/participants/${p.participantId}/table`, { table: '南町' }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(res.status).toBe(200)
    expect(await socket.closed()).toBe(CloseCode.Reseated)
    expect(bystander.closeCode).toBeNull()
    bystander.close()
    const bad = await postJson(t.http, `/api/sessions/${s.sessionId}/participants/${p.participantId}/table`, { table: '西町' }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('そのテーブルはありません。')
    const info = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${p.participantToken}` } })
    expect(((await info.json()) as { participant: { table: string } }).participant.table).toBe('南町')
  })

  it('adds tables during the session, keeping the existing ones', async () => {
    const s = await createSession(t.http, { tables: ['北町'] })
    const res = await postJson(t.http, `/api/sessions/${s.sessionId}/tables`, { tables: ['南町', '北町'] }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(res.body).toEqual({ tables: ['北町', '南町'] })
    const p = await join(t.http, s.joinCode)
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/tables`, { tables: ['西町'] }, { authorization: `Bearer ${p.participantToken}` })).status).toBe(401)
    const reserved = await postJson(t.http, `/api/sessions/${s.sessionId}/tables`, { tables: ['*plenary'] }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(reserved.status).toBe(400)
    expect(reserved.body).toMatchObject({ error: 'table-name-reserved', message: 'テーブル名を「*」で始めることはできません。' })
    // Refused as when the session was made: the field and its limit named, not a generic message.
    const long = await postJson(t.http, `/api/sessions/${s.sessionId}/tables`, { tables: ['あ'.repeat(21)] }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(long.status).toBe(400)
    expect(long.body).toMatchObject({ error: 'table-name-too-long', message: 'テーブル名は20文字までです。' })
    const many = await postJson(t.http, `/api/sessions/${s.sessionId}/tables`, { tables: Array.from({ length: 19 }, (_, i) => `卓${i}`) }, { authorization: `Bearer ${s.facilitatorKey}` })
    expect(many.status).toBe(400)
    expect(many.body).toMatchObject({ error: 'too-many-tables', message: 'テーブルは20個までです。' })
    const after = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    expect(((await after.json()) as { tables: string[] }).tables).toEqual(['北町', '南町'])
  })
})
