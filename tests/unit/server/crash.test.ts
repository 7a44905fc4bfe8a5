import { describe, expect, it } from 'vitest'
import { createSession, join, tempDir, waitFor } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { startChildServer } from '../../helpers/childServer.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const note = (text: string, authorId: string) => ({ text, canvas: 'need' as const, color: 'yellow' as const, authorId: authorId as ParticipantId, authorName: '', table: '' })

describe('a server killed with SIGKILL', () => {
  it('keeps every update it relayed, three kills in a row, with no duplicates', async () => {
    const dataDir = tempDir()
    let server = await startChildServer(dataDir)
    const session = await createSession(server.http)
    const participant = await join(server.http, session.joinCode)
    const relayed: string[] = []
    for (let round = 0; round < 3; round++) {
      const writer = yClient(server.ws, session.sessionId, 'board', participant.participantToken)
      const watcher = yClient(server.ws, session.sessionId, 'board', session.facilitatorKey)
      await Promise.all([synced(writer), synced(watcher)])
      const text = `停電の前に書いた付箋 ${round + 1}`
      addNote(writer.doc, note(text, participant.participantId))
      await waitFor(() => listNotes(watcher.doc).some((n) => n.text === text), 'relayed to the watcher')
      relayed.push(text)
      // Killed the moment another client has seen it.
      await server.kill('SIGKILL')
      writer.destroy()
      watcher.destroy()
      server = await startChildServer(dataDir)
      const reader = yClient(server.ws, session.sessionId, 'board', session.facilitatorKey)
      await synced(reader)
      // The first sync after the restart is never empty and holds each relayed note exactly once.
      expect(listNotes(reader.doc).map((n) => n.text).sort()).toEqual([...relayed].sort())
      reader.destroy()
    }
    await server.kill('SIGTERM')
  }, 120_000)
})

/** mulberry32: a small seeded PRNG, so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Kill rounds: 3 in npm test, 20 in npm run test:chaos (CHAOS=1). */
const CHAOS = process.env.CHAOS === '1'
const ROUNDS = CHAOS ? 20 : 3

describe('a server killed at random moments while 20 tablets write', () => {
  const seed = Number(process.env.CRASH_SEED ?? 20261122)
  it(`keeps everything any tablet had received, never starts empty, duplicates nothing (seed ${seed})`, async () => {
    console.log(`crash test seed ${seed} (rerun with CRASH_SEED=${seed})`)
    const random = prng(seed)
    const dataDir = tempDir()
    let server = await startChildServer(dataDir)
    const session = await createSession(server.http)
    const people = await Promise.all(Array.from({ length: 20 }, () => join(server.http, session.joinCode)))
    let written = 0
    for (let round = 0; round < ROUNDS; round++) {
      const tablets = people.map((p) => ({ p, client: yClient(server.ws, session.sessionId, 'board', p.participantToken) }))
      await Promise.all(tablets.map((t) => synced(t.client)))
      const before = listNotes(tablets[0]!.client.doc).length
      // Everyone writes, one note every few milliseconds, until the kill.
      let writing = true
      const loops = tablets.map(async ({ p, client }) => {
        while (writing) {
          addNote(client.doc, note(`ラウンド${round} 付箋${written++}`, p.participantId))
          await new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 20)))
        }
      })
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 400)))
      await server.kill('SIGKILL')
      writing = false
      await Promise.all(loops)
      // What each tablet received from the server (its own unsent notes do not count).
      const received = new Set<string>()
      for (const { p, client } of tablets) for (const n of listNotes(client.doc)) if (n.authorId !== p.participantId) received.add(n.text)
      for (const t of tablets) t.client.destroy()
      // The kill came while notes were flowing: some had been relayed, or the test would prove nothing.
      expect(received.size).toBeGreaterThan(0)
      server = await startChildServer(dataDir)
      const reader = yClient(server.ws, session.sessionId, 'board', session.facilitatorKey)
      await synced(reader)
      const texts = listNotes(reader.doc).map((n) => n.text)
      expect(texts.length).toBeGreaterThanOrEqual(before)
      if (round > 0) expect(texts.length).toBeGreaterThan(0)
      for (const text of received) expect(texts, `seed ${seed}: lost "${text}"`).toContain(text)
      expect(new Set(texts).size, `seed ${seed}: a note appears twice`).toBe(texts.length)
      reader.destroy()
    }
    await server.kill('SIGTERM')
  }, CHAOS ? 1_200_000 : 180_000)
})
