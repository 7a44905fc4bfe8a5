/**
 * Processes for the bench: our server (tests/helpers/childServer.ts) and the stock relay as child
 * processes, and a pool of client worker processes. Also the probes read from outside a server:
 * VmRSS from /proc, and the heap printed by probe.mjs on SIGUSR2.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { startChildServer, type ChildServer } from '../helpers/childServer.ts'
import { createSession, postJson, tempDir, waitFor } from '../helpers/server.ts'
import type { JoinResult } from '../../shared/session.ts'
import { synced, yClient, type YClient } from '../helpers/clients.ts'
import { addNote } from '../../shared/ops/notes.ts'
import { notesMap } from '../../shared/schema.ts'
import type { ParticipantId } from '../../shared/ids.ts'
import type { ClientSpec, FromWorker, ToWorker } from './protocol.ts'

const here = import.meta.dirname
export const root = path.resolve(here, '../..')
export const PROBE = path.join(here, 'probe.mjs')

export type Kind = 'ours' | 'relay'

/** The one table of every bench session; seeded notes sit at it. */
export const BENCH_TABLE = 'A'

/** A running server under test, ours or the stock relay, with what clients need to reach it. */
export interface Target {
  kind: Kind
  pid: number
  port: number
  wsBase: string
  dataDir: string
  /** A fresh room with `participants` client tokens and one writer token for seeding. */
  newRoom(participants: number): Promise<Room>
  /** Current VmRSS in bytes. */
  rss(): number
  /** Heap after a full GC (needs `probe`). */
  heap(): Promise<number>
  stop(signal?: NodeJS.Signals): Promise<void>
}

export interface Room {
  room: string
  tokens: string[]
  seedToken: string
}

export interface TargetOptions {
  env?: Record<string, string>
  /** Preload probe.mjs so that heap() works. */
  probe?: boolean
  port?: number
  dataDir?: string
  /** Node flags for the server's process (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[]
}

export function readRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
  return kb ? Number(kb) * 1024 : NaN
}

/** CPU time (every thread) a process has used so far, in ms, from /proc/PID/stat: user and system. */
export function readCpuMs(pid: number): { user: number; system: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 }
}

async function readHeap(child: ChildProcess, output: () => string): Promise<number> {
  const before = output().split('BENCH_MEM ').length
  child.kill('SIGUSR2')
  await waitFor(() => output().split('BENCH_MEM ').length > before, 'heap probe', 10_000)
  const last = output().split('BENCH_MEM ').at(-1)!.split('\n')[0]!
  return (JSON.parse(last) as { heapUsed: number }).heapUsed
}

const probeEnv = (probe: boolean | undefined): Record<string, string> =>
  probe ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`.trim() } : {}

export async function startOurs(opts: TargetOptions = {}): Promise<Target> {
  const dataDir = opts.dataDir ?? tempDir('yoriai-bench-')
  const env = { ...probeEnv(opts.probe), ...(opts.port ? { PORT: String(opts.port) } : {}), ...opts.env }
  const server: ChildServer = await startChildServer(dataDir, env, opts.nodeArgs)
  const pid = server.child.pid!
  let joined = 0
  return {
    kind: 'ours',
    pid,
    port: server.port,
    wsBase: server.ws,
    dataDir,
    async newRoom(participants) {
      // One table, and every participant at it, as at a real table of a workshop: the board's
      // rules let a participant move any note at their own table.
      const session = await createSession(server.http, { title: 'ベンチ', kind: 'workshop', tables: [BENCH_TABLE] })
      const tokens: string[] = []
      const joinAtTable = async (): Promise<string> => {
        const { status, body } = await postJson(server.http, '/api/join', { code: session.joinCode, name: `b${++joined % 1000}`, table: BENCH_TABLE })
        if (status !== 200) throw new Error(`join failed: ${status} ${JSON.stringify(body)}`)
        return (body as unknown as JoinResult).participantToken
      }
      for (let i = 0; i < participants; i += 10) {
        tokens.push(...(await Promise.all(Array.from({ length: Math.min(10, participants - i) }, joinAtTable))))
      }
      return { room: session.sessionId, tokens, seedToken: session.facilitatorKey }
    },
    rss: () => readRss(pid),
    heap: () => readHeap(server.child, server.output),
    stop: (signal = 'SIGTERM') => server.kill(signal),
  }
}

export function startRelay(opts: TargetOptions = {}): Promise<Target> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(here, 'relay.ts')], {
    cwd: root,
    env: { ...process.env, ...probeEnv(opts.probe), PORT: String(opts.port ?? 0), HOST: '127.0.0.1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const out = (): string => output
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  let rooms = 0
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${output}`)), 30_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`relay exited with ${code}:\n${output}`))
    })
    const check = (): void => {
      const match = /RELAY_LISTENING port=(\d+)/.exec(output)
      if (!match) return
      child.stdout!.off('data', check)
      clearTimeout(timer)
      const port = Number(match[1])
      resolve({
        kind: 'relay',
        pid: child.pid!,
        port,
        wsBase: `ws://127.0.0.1:${port}`,
        dataDir: '',
        newRoom: (participants) =>
          Promise.resolve({ room: `bench${process.pid}r${++rooms}`, tokens: Array.from({ length: participants }, () => 'none'), seedToken: 'none' }),
        rss: () => readRss(child.pid!),
        heap: () => readHeap(child, out),
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done()
            child.removeAllListeners('exit')
            child.once('exit', () => done())
            child.kill(signal)
          }),
      })
    }
    child.stdout!.on('data', check)
  })
}

export const startTarget = (kind: Kind, opts: TargetOptions = {}): Promise<Target> =>
  kind === 'ours' ? startOurs(opts) : startRelay(opts)

/** Samples a server's RSS every 250 ms; returns the peak when stopped. */
export function sampleRss(target: Target): () => number {
  let peak = target.rss()
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, target.rss())
    } catch {
      // the process is gone
    }
  }, 250)
  return () => {
    clearInterval(timer)
    return peak
  }
}

/**
 * A writer connection in the runner that seeds notes (all in one transaction) and waits until a
 * second connection sees them, i.e. the server has them. Notes start at x = 0 so that a writer's
 * sequence numbers (carried in pos.x) start above it.
 */
export async function seedNotes(target: Target, room: Room, count: number): Promise<{ ids: string[]; client: YClient }> {
  const client = yClient(target.wsBase, room.room, 'board', room.seedToken)
  await synced(client)
  const ids: string[] = []
  client.doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const note = addNote(client.doc, {
        text: `付箋 ${i + 1}：ベンチマーク`,
        canvas: 'need',
        table: BENCH_TABLE,
        color: 'yellow',
        authorId: 'facilitator' as ParticipantId,
        authorName: '',
        pos: { x: 0, y: i },
      })
      ids.push(note.id)
    }
  })
  const check = yClient(target.wsBase, room.room, 'board', room.seedToken, new Y.Doc())
  try {
    await waitFor(() => check.provider.synced && notesMap(check.doc).size >= count, 'seeded notes on the server', 60_000)
  } finally {
    check.destroy()
  }
  return { ids, client }
}

/**
 * BENCH_WORKER_PROF=dir: the client worker processes run with --cpu-prof into that folder (written when
 * a worker exits after 'close'), to see what the simulated tablets spend their time on.
 */
const workerProfDir = process.env.BENCH_WORKER_PROF ? path.resolve(process.env.BENCH_WORKER_PROF) : ''

/** Client worker processes (tests/bench/worker.ts), one request at a time per worker. */
export class Workers {
  private constructor(private readonly procs: ChildProcess[]) {}

  static async start(count: number): Promise<Workers> {
    const procs = Array.from({ length: count }, () =>
      fork(path.join(here, 'worker.ts'), [], {
        cwd: root,
        execArgv: ['--import', 'tsx', ...(workerProfDir ? ['--cpu-prof', `--cpu-prof-dir=${workerProfDir}`] : [])],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    )
    return new Workers(procs)
  }

  get size(): number {
    return this.procs.length
  }

  request<T extends FromWorker['type']>(index: number, message: ToWorker, expect: T, timeoutMs = 120_000): Promise<Extract<FromWorker, { type: T }>> {
    const proc = this.procs[index]!
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`worker ${index}: no ${expect} within ${timeoutMs} ms`))
      }, timeoutMs)
      const onMessage = (reply: FromWorker): void => {
        cleanup()
        if (reply.type === 'error') reject(new Error(`worker ${index}: ${reply.message}`))
        else if (reply.type !== expect) reject(new Error(`worker ${index}: expected ${expect}, got ${reply.type}`))
        else resolve(reply as Extract<FromWorker, { type: T }>)
      }
      const onExit = (code: number | null): void => {
        cleanup()
        reject(new Error(`worker ${index} exited with ${code}`))
      }
      const cleanup = (): void => {
        clearTimeout(timer)
        proc.off('message', onMessage)
        proc.off('exit', onExit)
      }
      proc.on('message', onMessage)
      proc.on('exit', onExit)
      proc.send(message)
    })
  }

  all<T extends FromWorker['type']>(message: ToWorker | ((index: number) => ToWorker), expect: T, timeoutMs?: number): Promise<Array<Extract<FromWorker, { type: T }>>> {
    return Promise.all(this.procs.map((_, i) => this.request(i, typeof message === 'function' ? message(i) : message, expect, timeoutMs)))
  }

  /** Hands out client specs round-robin and connects them all. */
  async connect(specs: ClientSpec[][], expectNotes: string[], timeoutMs = 120_000): Promise<void> {
    await this.all((i) => ({ type: 'connect', clients: specs[i] ?? [], expectNotes, timeoutMs }), 'ready', timeoutMs + 5_000)
  }

  async close(): Promise<void> {
    await Promise.all(
      this.procs.map(async (proc, i) => {
        if (proc.exitCode !== null || !proc.connected) return
        await this.request(i, { type: 'close' }, 'closed', 15_000).catch(() => undefined)
        // The worker exits by itself after 'closed' (writing its CPU profile, if asked); kill it if it hangs.
        if (proc.exitCode === null) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5_000)
            proc.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
          })
        }
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
      }),
    )
  }
}

/** Spreads items over n buckets round-robin. */
export function spread<T>(items: T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: n }, () => [])
  items.forEach((item, i) => out[i % n]!.push(item))
  return out
}
