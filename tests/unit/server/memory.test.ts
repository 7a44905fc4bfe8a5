/**
 * Rooms unload when nobody has them open, so a day of sessions does not pile up in the laptop's memory.
 *
 * npm test: the real server in this process, 200 connect/disconnect cycles over 20 boards: every room
 * loaded for them unloads (and is destroyed) once idle, and an unloaded board comes back whole.
 * The long run (10,000 cycles, the server's memory) is tests/chaos/memory.test.ts, in npm run test:chaos.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { cycles } from '../../helpers/visits.ts'
import { listNotes } from '../../../shared/ops/notes.ts'
import { docName } from '../../../shared/protocol.ts'
import type { CreatedSession } from '../../../shared/session.ts'
import type { Room } from '../../../server/rooms.ts'

describe('rooms unload when idle', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startServer({ roomIdleMs: 20 })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('unloads every room of 200 connect/disconnect cycles over 20 boards, and reloads a board whole', async () => {
    const sessions: CreatedSession[] = []
    for (let i = 0; i < 20; i++) sessions.push(await createSession(t.http))
    let most = 0
    const seen = new Set<Room>()
    await cycles(t.ws, sessions, 200, 10, 20, () => {
      most = Math.max(most, t.server.rooms.size)
      for (const s of sessions) {
        const room = t.server.rooms.loaded(docName(s.sessionId, 'board'))
        if (room) seen.add(room)
      }
    })
    expect(most, 'rooms were loaded while tablets had them open').toBeGreaterThan(0)
    await waitFor(() => t.server.rooms.size === 0, 'every room unloaded')
    expect([...seen].every((room) => room.destroyed), 'every room seen was destroyed').toBe(true)

    // The notes written during the cycles are back when a board is opened again.
    const reader = yClient(t.ws, sessions[0]!.sessionId, 'board', sessions[0]!.facilitatorKey)
    await synced(reader)
    expect(listNotes(reader.doc).map((n) => n.text)).toEqual(expect.arrayContaining(['訪問 0']))
    reader.destroy()
    await waitFor(() => t.server.rooms.size === 0, 'the reopened room unloaded again')
  })
})

