/**
 * The server's output closed under it (`npm start | head`, a terminal gone): it goes on serving, quietly.
 * Before, every failed write of the log was an uncaught error whose own logging failed again, a loop that
 * held a core at 100 % for as long as the server ran (found when one such server slowed a whole session).
 */
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createSession, tempDir } from '../../helpers/server.ts'
import { startChildServer, type ChildServer } from '../../helpers/childServer.ts'

/** CPU time the process has used so far, in clock ticks (user + system, /proc/PID/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

describe('a server whose output is closed', () => {
  let server: ChildServer | undefined
  // Killed even when the test fails or times out: a spinning server left behind would slow everything after it.
  afterEach(() => server?.kill())

  it('keeps serving, and is idle when nobody asks anything', async () => {
    server = await startChildServer(tempDir(), { LOG_REQUESTS: '1' })
    // The reader of its stdout goes away: its next log line meets a closed pipe (EPIPE).
    server.child.stdout!.destroy()
    for (let i = 0; i < 3; i++) expect((await createSession(server.http)).sessionId).toBeTruthy()
    const health = await fetch(`${server.http}/healthz`)
    expect(health.status).toBe(200)
    // Idle for two seconds: a server busy with its own failed writes uses that whole time on a core
    // (about 200 ticks at 100 Hz), an idle one next to none. A bound on work done, not on how fast.
    const before = cpuTicks(server.child.pid!)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const used = cpuTicks(server.child.pid!) - before
    console.log(`CPU ticks used while idle with its output closed: ${used}`)
    expect(used).toBeLessThan(60)
    expect(server.child.exitCode).toBeNull()
  })
})
