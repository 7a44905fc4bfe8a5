/**
 * A socket the server has sent nothing for a while gets an awareness update about no one: a stock
 * y-websocket provider that hears nothing for 30 s closes and reconnects, and a laptop alone in its room
 * hears nothing (nobody is sent their own presence). A socket that is being sent updates gets no extra
 * messages. Real server on port 0, real sockets; the interval shortened to 100 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, yClient } from '../../helpers/clients.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const KEEPALIVE = [1, 1, 0]
const isKeepalive = (m: Uint8Array): boolean => m.length === 3 && m.every((b, i) => b === KEEPALIVE[i])

let t: TestServer
beforeAll(async () => {
  t = await startServer({ keepaliveMs: 100 })
})
afterAll(async () => {
  await t.close()
})

describe('keep-alive on a quiet socket', () => {
  it('reaches a laptop alone in its room, and is applied by a stock client as nothing', async () => {
    const s = await createSession(t.http)
    const alone = new RawClient(`${t.ws}/${s.sessionId}/board?token=${s.facilitatorKey}`)
    await alone.open()
    await waitFor(() => alone.messages.some(isKeepalive), 'a keep-alive on the quiet socket', 3_000)
    // Again and again while nothing else is sent, and the socket stays open.
    await waitFor(() => alone.messages.filter(isKeepalive).length >= 3, 'keep-alives', 3_000)
    expect(alone.closeCode).toBeNull()
    alone.close()

    const stock = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(stock)
    let changes = 0
    stock.provider.awareness.on('change', () => changes++)
    const heard = stock.provider.wsLastMessageReceived
    await waitFor(() => stock.provider.wsLastMessageReceived > heard, 'the stock client hearing the keep-alive', 3_000)
    expect(changes).toBe(0)
    expect(stock.provider.wsconnected).toBe(true)
    stock.destroy()
  })

  it('adds nothing to a socket that is being sent updates', async () => {
    const s = await createSession(t.http)
    const watcher = new RawClient(`${t.ws}/${s.sessionId}/board?token=${s.facilitatorKey}`)
    await watcher.open()
    const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(writer)
    const from = watcher.messages.length
    // A note every 30 ms for 600 ms: six keep-alive intervals, none of them quiet for the watcher.
    for (let i = 0; i < 20; i++) {
      addNote(writer.doc, { text: `付箋 ${i}`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId | 'facilitator', authorName: '', table: '' })
      await new Promise((r) => setTimeout(r, 30))
    }
    const during = watcher.messages.slice(from)
    expect(during.length).toBeGreaterThan(0)
    expect(during.filter(isKeepalive)).toHaveLength(0)
    writer.destroy()
    watcher.close()
  })
})
