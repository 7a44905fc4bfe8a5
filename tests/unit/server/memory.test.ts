/**
 * Rooms unload when nobody has them open, so a day of sessions does not pile up in the laptop's memory.
 *
 * npm test: the real server in this process, 200 connect/disconnect cycles over 20 boards: every room
 * loaded for them unloads (and is destroyed) once idle, and an unloaded board comes back whole.
 * npm run test:chaos (CHAOS=1): the server as a child process, 1,000 sessions, 10,000 cycles by 25
 * tablets at a time (each syncs, shows its presence, and every tenth writes a note); once the rooms
 * have unloaded, the server's resident memory (VmRSS from /proc, read after a garbage collection) stays
 * within +10 % of its baseline, taken the same way after a warm-up pass over the same rooms.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { createSession, startServer, tempDir, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncStep1Message, syncUpdateMessage, yClient } from '../../helpers/clients.ts'
import { startChildServer, type ChildServer } from '../../helpers/childServer.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import { MessageType, docName } from '../../../shared/protocol.ts'
import type { CreatedSession } from '../../../shared/session.ts'
import type { Room } from '../../../server/rooms.ts'

const CHAOS = process.env.CHAOS === '1'

/** A tablet's whole visit: open, sync, show presence, maybe write a note, leave. */
async function cycle(wsBase: string, session: CreatedSession, writeText: string | null): Promise<void> {
  const raw = new RawClient(`${wsBase}/${session.sessionId}/board?token=${session.facilitatorKey}`)
  await raw.open()
  const doc = new Y.Doc()
  raw.send(syncStep1Message(doc))
  const presence = new awarenessProtocol.Awareness(doc)
  presence.setLocalState({ here: true })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(presence, [doc.clientID]))
  raw.send(encoding.toUint8Array(encoder))
  // Sync step 2 (the board) arrives as the answer to step 1.
  await waitFor(() => raw.receivedUpdates().length > 0 || raw.closeCode !== null, 'sync step 2')
  if (writeText) {
    for (const update of raw.receivedUpdates()) Y.applyUpdate(doc, update)
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    addNote(doc, { text: writeText, canvas: 'need', color: 'green', authorId: 'facilitator', authorName: '', table: '' })
    raw.send(syncUpdateMessage(updates[0]!))
  }
  presence.destroy()
  raw.close()
  await raw.closed()
}

/** Runs `count` cycles, `parallel` at a time, over the sessions in turn. */
async function cycles(wsBase: string, sessions: CreatedSession[], count: number, parallel: number, writeEvery: number, onProgress?: (done: number) => void): Promise<void> {
  let next = 0
  let done = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++
        await cycle(wsBase, sessions[i % sessions.length]!, writeEvery > 0 && i % writeEvery === 0 ? `訪問 ${i}` : null)
        onProgress?.(++done)
      }
    }),
  )
}

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

/** VmRSS of a process in bytes, from /proc. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!kb) throw new Error('no VmRSS')
  return Number(kb[1]) * 1024
}

/** Asks the child for its stats line (SIGUSR2, server/main.ts). */
async function stats(server: ChildServer): Promise<{ rooms: number; rss: number }> {
  const before = server.output().length
  server.child.kill('SIGUSR2')
  let match: RegExpExecArray | null = null
  await waitFor(() => (match = /YORIAI_STATS rooms=(\d+) rss=(\d+)/.exec(server.output().slice(before))) !== null, 'stats line')
  const m = match as RegExpExecArray | null
  return { rooms: Number(m![1]), rss: Number(m![2]) }
}

/**
 * The server's resident memory once every room has unloaded: the median of five readings, each taken
 * right after the server collected its garbage (SIGUSR2 under --expose-gc), so that the figure is what
 * the server holds, not what V8 has not yet got round to freeing.
 */
async function settledRss(server: ChildServer): Promise<number> {
  let rooms = -1
  const deadline = Date.now() + 60_000
  while (rooms !== 0 && Date.now() < deadline) {
    rooms = (await stats(server)).rooms
    if (rooms !== 0) await new Promise((r) => setTimeout(r, 200))
  }
  expect(rooms, 'every room unloaded').toBe(0)
  await new Promise((r) => setTimeout(r, 2_000))
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    await stats(server)
    samples.push(rssOf(server.child.pid!))
    await new Promise((r) => setTimeout(r, 500))
  }
  return samples.sort((a, b) => a - b)[2]!
}

describe.runIf(CHAOS)('the server’s memory over 10,000 connect/disconnect cycles', () => {
  it('stays within +10 % of its baseline once 1,000 rooms have unloaded', async () => {
    const started = Date.now()
    const server = await startChildServer(tempDir(), { ROOM_IDLE_MS: '200', NODE_OPTIONS: '--expose-gc' })
    try {
      const sessions: CreatedSession[] = []
      for (let i = 0; i < 1000; i += 10) sessions.push(...(await Promise.all(Array.from({ length: 10 }, () => createSession(server.http)))))
      // Warm-up: every room loaded and unloaded twice, so caches and the heap reach their working size.
      await cycles(server.ws, sessions, 2_000, 25, 10)
      const baseline = await settledRss(server)
      let peak = baseline
      let peakRooms = 0
      const cyclesStarted = Date.now()
      await cycles(server.ws, sessions, 10_000, 25, 10, (done) => {
        if (done % 500 === 0) peak = Math.max(peak, rssOf(server.child.pid!))
      })
      peakRooms = Math.max(peakRooms, (await stats(server)).rooms)
      const cyclesSeconds = (Date.now() - cyclesStarted) / 1000
      const after = await settledRss(server)
      const mib = (n: number) => (n / 1024 / 1024).toFixed(1)
      console.log(
        `memory run: 1,000 sessions, 10,000 cycles (25 at a time, 1,000 notes written) in ${cyclesSeconds.toFixed(0)} s; ` +
          `RSS baseline ${mib(baseline)} MiB, peak during ${mib(peak)} MiB, after unload ${mib(after)} MiB ` +
          `(${(((after - baseline) / baseline) * 100).toFixed(1)} %); rooms in memory right after the cycles ${peakRooms}, after idling 0; ` +
          `whole test ${((Date.now() - started) / 1000).toFixed(0)} s`,
      )
      expect(after).toBeLessThanOrEqual(baseline * 1.1)
    } finally {
      await server.kill('SIGTERM')
    }
  }, 900_000)
})
