/**
 * npm run test:chaos (CHAOS=1) only: the server as a child process, 1,000 sessions, 10,000 cycles by 25
 * tablets at a time (each syncs, shows its presence, and every tenth writes a note); once the rooms
 * have unloaded, the server's resident memory (VmRSS from /proc, read after a garbage collection) stays
 * within +10 % of its baseline, taken the same way after a warm-up pass over the same rooms.
 * (The fast check that rooms unload is tests/unit/server/memory.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { createSession, tempDir } from '../helpers/server.ts'
import { startChildServer } from '../helpers/childServer.ts'
import { cycles, rssOf, settledRss, stats } from '../helpers/visits.ts'
import type { CreatedSession } from '../../shared/session.ts'

describe('the server’s memory over 10,000 connect/disconnect cycles', () => {
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
