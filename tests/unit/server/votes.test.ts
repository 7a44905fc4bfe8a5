import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, join, postJson, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import { readVote } from '../../../shared/control.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

describe('シール投票', () => {
  let t: TestServer
  let s: CreatedSession
  let voter: JoinResult
  const noteIds: string[] = []
  const asFacilitator = { authorization: '' }

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    asFacilitator.authorization = `Bearer ${s.facilitatorKey}`
    voter = await join(t.http, s.joinCode, '投票する人')
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    for (const text of ['買い物', '通院', '見守り']) {
      noteIds.push(addNote(board.doc, { text, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' }).id)
    }
    noteIds.push(addNote(board.doc, { text: '公民館', canvas: 'resource', color: 'green', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' }).id)
    await waitFor(() => t.server.rooms.open(`${s.sessionId}/board`, 'board').doc.getMap('notes').size === 4, 'notes stored')
    board.destroy()
  })
  afterAll(async () => {
    await t.close()
  })

  const dot = (token: string, noteId: string, remove = false) =>
    postJson(t.http, `/api/sessions/${s.sessionId}/dots`, remove ? { noteId, remove } : { noteId }, { authorization: `Bearer ${token}` })

  it('refuses dots before a vote is open, and lets only the facilitator open one', async () => {
    const early = await dot(voter.participantToken, noteIds[0]!)
    expect(early.status).toBe(409)
    expect(early.body.message).toMatch(/投票の時間ではありません/)
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need' }, { authorization: `Bearer ${voter.participantToken}` })).status).toBe(401)
  })

  it('never lets one person exceed their dots, even with many requests at once (two tabs, a modified client)', async () => {
    const opened = await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need', dots: 3 }, asFacilitator)
    expect(opened.status).toBe(200)
    const control = yClient(t.ws, s.sessionId, 'control', voter.participantToken)
    await synced(control)
    await waitFor(() => readVote(control.doc)?.status === 'open', 'vote open on the tablet')
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => dot(voter.participantToken, noteIds[i % 3]!)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(3)
    const refused = results.filter((r) => r.status === 409)
    expect(refused).toHaveLength(7)
    expect(refused[0]!.body.message).toBe('シールはもう残っていません。')
    expect(results.find((r) => r.status === 200)!.body).toMatchObject({ remaining: expect.any(Number) })
    // Results stay hidden while the vote is open (not live): no totals reach the tablet.
    expect(readVote(control.doc)!.totals).toEqual({})
    // A note on another canvas is not part of this vote.
    const other = await join(t.http, s.joinCode)
    expect((await dot(other.participantToken, noteIds[3]!)).status).toBe(409)
    // Taking a dot back gives it back.
    const mine = (await (await fetch(`${t.http}/api/sessions/${s.sessionId}/dots`, { headers: { authorization: `Bearer ${voter.participantToken}` } })).json()) as { mine: Record<string, number>; remaining: number }
    expect(mine.remaining).toBe(0)
    const someNote = Object.keys(mine.mine)[0]!
    const back = await dot(voter.participantToken, someNote, true)
    expect(back.body.remaining).toBe(1)
    expect((await dot(voter.participantToken, someNote)).status).toBe(200)
    // Closing publishes the totals to everyone.
    await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'close' }, asFacilitator)
    await waitFor(() => readVote(control.doc)?.status === 'closed', 'vote closed on the tablet')
    const totals = readVote(control.doc)!.totals
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(3)
    expect((await dot(voter.participantToken, noteIds[0]!)).status).toBe(409)
    control.destroy()
  })

  it('takes a dot kept offline only in the vote it was placed in (roundId), never in a later one', async () => {
    const first = (await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need', dots: 3 }, asFacilitator)).body as { vote: { roundId: string } }
    const p = await join(t.http, s.joinCode)
    const dotIn = (roundId: unknown, remove = false) =>
      postJson(t.http, `/api/sessions/${s.sessionId}/dots`, { noteId: noteIds[1]!, roundId, ...(remove ? { remove } : {}) }, { authorization: `Bearer ${p.participantToken}` })
    expect((await dotIn(first.vote.roundId)).body).toMatchObject({ roundId: first.vote.roundId, remaining: 2 })
    await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'close' }, asFacilitator)
    const closed = await dotIn(first.vote.roundId)
    expect(closed.status).toBe(409)
    expect(closed.body).toMatchObject({ error: 'round-closed', message: 'そのシール投票はもう終わっています。' })
    // A new vote is open, but the dot was meant for the closed one: refused, not counted in the new one.
    const second = (await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need', dots: 3 }, asFacilitator)).body as { vote: { roundId: string } }
    expect((await dotIn(first.vote.roundId)).status).toBe(409)
    expect((await dotIn(first.vote.roundId, true)).status).toBe(409)
    const mine = (await (await fetch(`${t.http}/api/sessions/${s.sessionId}/dots`, { headers: { authorization: `Bearer ${p.participantToken}` } })).json()) as { roundId: string; remaining: number }
    expect(mine).toMatchObject({ roundId: second.vote.roundId, remaining: 3 })
    expect((await dotIn(second.vote.roundId)).status).toBe(200)
    expect((await dotIn(42)).status).toBe(400)
    await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'close' }, asFacilitator)
  })

  it('holds to one dot per note when the facilitator says so, and shows totals live when chosen', async () => {
    await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need', dots: 3, onePerNote: true, live: true }, asFacilitator)
    const p = await join(t.http, s.joinCode)
    expect((await dot(p.participantToken, noteIds[0]!)).status).toBe(200)
    const second = await dot(p.participantToken, noteIds[0]!)
    expect(second.status).toBe(409)
    expect(second.body.message).toBe('1枚の付箋に貼れるシールは1つまでです。')
    const control = yClient(t.ws, s.sessionId, 'control', p.participantToken)
    await synced(control)
    expect(readVote(control.doc)!.totals).toEqual({ [noteIds[0]!]: 1 })
    control.destroy()
  })
})
