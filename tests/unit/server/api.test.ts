import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import http from 'node:http'
import { createSession, join, postJson, startServer, type TestServer } from '../../helpers/server.ts'
import { RawClient } from '../../helpers/clients.ts'
import { setLogSink } from '../../../server/log.ts'
import { NICKNAME_MAX, TABLES_MAX, TABLE_NAME_MAX, TITLE_MAX } from '../../../shared/schema.ts'

describe('HTTP API', () => {
  let t: TestServer
  const logLines: string[] = []

  beforeAll(async () => {
    setLogSink((line) => logLines.push(line))
    t = await startServer({ logRequests: true, joinFailuresPerMinute: 10 })
  })
  afterAll(async () => {
    await t.close()
  })

  it('answers /healthz', async () => {
    const res = await fetch(`${t.http}/healthz`)
    expect(res.status).toBe(200)
  })

  it('creates a session with a 6-digit code and links that carry their secret in the fragment', async () => {
    const s = await createSession(t.http, { title: 'さくら台 住民懇談会', kind: 'kondankai', venue: 'さくら台公民館', date: '2026-10-18', tables: ['北町', '南町', '北町', ' '] })
    expect(s.joinCode).toMatch(/^\d{6}$/)
    expect(s.facilitatorKey.length).toBeGreaterThanOrEqual(43) // 256 bits in base64url
    expect(s.urls.participant.endsWith(`/j/${s.joinCode}`)).toBe(true)
    expect(s.urls.facilitator).toContain(`/s/${s.sessionId}/facilitator#key=${s.facilitatorKey}`)
    expect(s.urls.projector).toMatch(new RegExp(`/s/${s.sessionId}/projector#token=[A-Za-z0-9_-]{43}$`))
    const info = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const body = (await info.json()) as { tables: string[]; role: string; venue: string }
    expect(body.role).toBe('facilitator')
    expect(body.tables).toEqual(['北町', '南町'])
    expect(body.venue).toBe('さくら台公民館')
  })

  it('refuses a session without a title, in Japanese', async () => {
    const { status, body } = await postJson(t.http, '/api/sessions', { title: '  ', kind: 'workshop' })
    expect(status).toBe(400)
    expect(body.message).toMatch(/タイトル/)
    expect(body.error).toBe('title-required')
  })

  it('names the field and its limit when a title, a venue or a table name is too long', async () => {
    const refuse = async (extra: Record<string, unknown>) => (await postJson(t.http, '/api/sessions', { title: '住民懇談会', kind: 'kondankai', ...extra })).body
    expect(await refuse({ title: 'あ'.repeat(TITLE_MAX + 1) })).toEqual({ error: 'title-too-long', message: `タイトルは${TITLE_MAX}文字までです。`, messageEn: `The title can have at most ${TITLE_MAX} characters.` })
    expect(await refuse({ venue: 'あ'.repeat(TITLE_MAX + 1) })).toMatchObject({ error: 'venue-too-long', message: `会場は${TITLE_MAX}文字までです。` })
    expect(await refuse({ tables: ['北町', 'あ'.repeat(TABLE_NAME_MAX + 1)] })).toMatchObject({ error: 'table-name-too-long', message: `テーブル名は${TABLE_NAME_MAX}文字までです。` })
    expect(await refuse({ tables: Array.from({ length: TABLES_MAX + 1 }, (_, i) => `t${i}`) })).toMatchObject({ error: 'too-many-tables', message: `テーブルは${TABLES_MAX}個までです。` })
    expect(await refuse({ tables: ['*plenary'] })).toMatchObject({ error: 'table-name-reserved' })
    expect(await refuse({ date: '24/11/2026' })).toMatchObject({ error: 'bad-date' })
    // The shape of a date but no day on the calendar (the record and the Word file said 「2026-02-30」).
    for (const date of ['2026-02-30', '2026-13-01', '2026-00-10']) expect(await refuse({ date }), date).toMatchObject({ error: 'bad-date', message: '開催日は「2026-11-24」の形で入力してください。' })
    expect(await refuse({ kind: 'party' })).toMatchObject({ error: 'invalid', message: '入力内容を確認してください。' })
    // Exactly at the limits is accepted (characters as a person counts them: an emoji is one).
    const ok = await postJson(t.http, '/api/sessions', { title: '😀'.repeat(TITLE_MAX), kind: 'workshop', tables: ['あ'.repeat(TABLE_NAME_MAX)] })
    expect(ok.status).toBe(201)
  })

  it('refuses prototype keys in a body', async () => {
    const res = await fetch(`${t.http}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"x","kind":"workshop","__proto__":{"admin":true}}',
    })
    expect(res.status).toBe(400)
  })

  it('joins with the code, also typed in full-width digits with a space', async () => {
    const s = await createSession(t.http)
    const fullWidth = [...s.joinCode].map((d) => String.fromCharCode(0xff10 + Number(d))).join('')
    const joined = await join(t.http, `${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`, 'さくら')
    expect(joined.sessionId).toBe(s.sessionId)
    const info = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${joined.participantToken}` } })
    const body = (await info.json()) as { role: string; participant: { name: string } }
    expect(body.role).toBe('participant')
    expect(body.participant.name).toBe('さくら')
  })

  it('says a nickname is too long, in Japanese, without taking it for a wrong code or counting it as a failed join', async () => {
    const t = await startServer({ joinFailuresPerMinute: 2 })
    const s = await createSession(t.http)
    for (let i = 0; i < 3; i++) {
      const long = await postJson(t.http, '/api/join', { code: s.joinCode, name: 'な'.repeat(NICKNAME_MAX + 1) })
      expect(long.status).toBe(400)
      expect(long.body).toMatchObject({ error: 'name-too-long', message: `ニックネームは${NICKNAME_MAX}文字までです。` })
    }
    const wrongType = await postJson(t.http, '/api/join', { code: s.joinCode, name: 123 })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body).toMatchObject({ error: 'invalid', message: '入力内容を確認してください。' })
    // None of those used up the address's failed joins: the resident who shortens the name gets in.
    const joined = await postJson(t.http, '/api/join', { code: s.joinCode, name: 'な'.repeat(NICKNAME_MAX) })
    expect(joined.status).toBe(200)
    await t.close()
  })

  it("gives each table's card a link that seats whoever joins by it at that table", async () => {
    const s = await createSession(t.http, { tables: ['北町', '南町 2'] })
    const qr = (token: string, table?: string) =>
      fetch(`${t.http}/api/sessions/${s.sessionId}/join-qr${table === undefined ? '' : `?table=${encodeURIComponent(table)}`}`, { headers: { authorization: `Bearer ${token}` } })
    const plain = (await (await qr(s.facilitatorKey)).json()) as { url: string; joinCode: string; svg: string }
    expect(new URL(plain.url).pathname).toBe(`/j/${s.joinCode}`)
    expect(new URL(plain.url).search).toBe('')
    const card = await qr(s.facilitatorKey, '南町 2')
    expect(card.status).toBe(200)
    const { url, svg } = (await card.json()) as { url: string; svg: string }
    expect(new URL(url).searchParams.get('t')).toBe('南町 2')
    expect(svg).toContain('<svg')
    // As the join page does with the card's `t`: the person is at that table, with no table to pick.
    const joined = await postJson(t.http, '/api/join', { code: s.joinCode, table: new URL(url).searchParams.get('t') })
    const info = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: `Bearer ${(joined.body as { participantToken: string }).participantToken}` } })
    expect(((await info.json()) as { participant: { table: string } }).participant.table).toBe('南町 2')
    // A table the session does not have, and a participant asking: refused.
    const unknown = await qr(s.facilitatorKey, '西町')
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { message: string }).message).toBe('そのテーブルはありません。')
    expect((await qr((joined.body as { participantToken: string }).participantToken, '北町')).status).toBe(401)
  })

  it('answers a session read without a valid token with 401', async () => {
    const s = await createSession(t.http)
    const res = await fetch(`${t.http}/api/sessions/${s.sessionId}`, { headers: { authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
  })

  it('rate-limits failed joins per IP while valid tokens still connect', async () => {
    // A server of its own, so that other tests' failures do not count here.
    const t = await startServer({ joinFailuresPerMinute: 10 })
    const s = await createSession(t.http)
    const holder = await join(t.http, s.joinCode)
    const wrong = s.joinCode === '000000' ? '000001' : '000000'
    const first = await postJson(t.http, '/api/join', { code: wrong })
    expect(first.status).toBe(404)
    expect(first.body.message).toBe('参加コードが見つかりません。数字をもう一度確かめてください。')
    // 1,000 guesses from one IP within the minute: ten are looked at, none succeeds.
    let accepted = 1
    let limited = 0
    let succeeded = 0
    for (let i = 0; i < 999; i++) {
      const guess = String((Number(wrong) + 7919 * (i + 1)) % 1_000_000).padStart(6, '0')
      const r = await postJson(t.http, '/api/join', { code: guess === s.joinCode ? wrong : guess })
      if (r.status === 404) accepted++
      if (r.status === 200) succeeded++
      if (r.status === 429) {
        limited++
        if (limited === 1) {
          expect(r.body.message).toMatch(/待って/)
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
        }
      }
    }
    expect(succeeded).toBe(0)
    expect(accepted).toBe(10)
    expect(limited).toBe(990)
    // Even the right code waits now: guessing must not succeed by persistence.
    expect((await postJson(t.http, '/api/join', { code: s.joinCode })).status).toBe(429)
    // …but 30 tablets that already hold tokens reconnect from the same IP without being throttled.
    const sockets = Array.from({ length: 30 }, () => new RawClient(`${t.ws}/${s.sessionId}/board?token=${holder.participantToken}`))
    await Promise.all(sockets.map((c) => c.open()))
    sockets.forEach((c) => c.close())
    await t.close()
  })

  it('names the session a join code leads to, and asking for wrong codes counts like joining with them', async () => {
    const t = await startServer({ joinFailuresPerMinute: 4 })
    const s = await createSession(t.http, { title: 'さくら台 住民懇談会', tables: ['北町', '南町'] })
    const right = await fetch(`${t.http}/api/join/${s.joinCode.slice(0, 3)}-${s.joinCode.slice(3)}`)
    expect(right.status).toBe(200)
    expect(await right.json()).toEqual({ title: 'さくら台 住民懇談会', tables: ['北町', '南町'] })
    const wrong = s.joinCode === '000000' ? '000001' : '000000'
    const miss = await fetch(`${t.http}/api/join/${wrong}`)
    expect(miss.status).toBe(404)
    expect(((await miss.json()) as { message: string }).message).toBe('参加コードが見つかりません。数字をもう一度確かめてください。')
    expect((await fetch(`${t.http}/api/join/12ab`)).status).toBe(400)
    expect((await fetch(`${t.http}/api/join/%E0%A4`)).status).toBe(400)
    // Four failures in the minute, asked or joined: the next question waits, even with the right code.
    expect((await postJson(t.http, '/api/join', { code: wrong })).status).toBe(404)
    const limited = await fetch(`${t.http}/api/join/${s.joinCode}`)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    await t.close()
  })

  it('never writes a secret to the log', async () => {
    const s = await createSession(t.http)
    const p = await join(t.http, s.joinCode)
    const c = new RawClient(`${t.ws}/${s.sessionId}/board?token=${p.participantToken}`)
    await c.open()
    c.close()
    await fetch(`${t.http}/api/sessions/${s.sessionId}?token=${p.participantToken}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const all = logLines.join('\n')
    expect(logLines.length).toBeGreaterThan(0)
    expect(all).not.toContain(s.facilitatorKey)
    expect(all).not.toContain(p.participantToken)
    expect(all).not.toContain(new URL(s.urls.projector).hash.slice(7))
  })

  it('refuses a body over 64 KiB with 413', async () => {
    const { status } = await postJson(t.http, '/api/sessions', { title: 'x'.repeat(70_000), kind: 'workshop' })
    expect(status).toBe(413)
  })

  it('serves pages with a strict Content-Security-Policy', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve) => http.get(`${t.http}/j/123456`, resolve))
    res.resume()
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})
