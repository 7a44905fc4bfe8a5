/**
 * The bench scenarios of issue #7. Each measures one kind of server (ours or the stock relay) and
 * returns named figures; run.ts turns them into rows against the targets.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { execFileSync } from 'node:child_process'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { waitFor } from '../helpers/server.ts'
import { synced, yClient, type YClient } from '../helpers/clients.ts'
import { moveNote } from '../../shared/ops/notes.ts'
import { notesMap } from '../../shared/schema.ts'
import { docName } from '../../shared/protocol.ts'
import type { NoteId } from '../../shared/ids.ts'
import type { ClientSpec } from './protocol.ts'
import { now } from './protocol.ts'
import { Workers, readCpuMs, root, sampleRss, seedNotes, spread, startTarget, type Kind, type Target } from './procs.ts'

export interface BenchConfig {
  smoke: boolean
  /** Measured seconds per load phase. */
  seconds: number
  /** Unmeasured warm-up seconds before each load phase. */
  warmup: number
  workers: number
  /** Rounds per scenario; each figure is the median over rounds. */
  rounds: number
  log: (line: string) => void
}

export type Figures = Record<string, number>

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

/**
 * BENCH_CPU_PROF=dir: each server (ours and the relay) runs with --cpu-prof into a folder of its own
 * under that one (dir/ours, dir/relay) and is stopped with SIGTERM (a SIGKILLed process writes no profile). Open the .cpuprofile in Chrome DevTools or speedscope.
 */
const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : ''

async function withTarget<T>(kind: Kind, opts: Parameters<typeof startTarget>[1], fn: (target: Target) => Promise<T>): Promise<T> {
  const profiled = cpuProfDir !== ''
  const target = await startTarget(kind, profiled ? { ...opts, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.join(cpuProfDir, kind)}`] } : opts)
  try {
    return await fn(target)
  } finally {
    await target.stop(profiled ? 'SIGTERM' : 'SIGKILL')
  }
}

async function withWorkers<T>(count: number, fn: (workers: Workers) => Promise<T>): Promise<T> {
  const workers = await Workers.start(count)
  try {
    return await fn(workers)
  } finally {
    await workers.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Latency under load (B1, B2, B3)

export interface LoadPlan {
  rooms: number
  clientsPerRoom: number
  writersPerRoom: number
  /** Moves per second per writer. */
  hz: number
  /** Awareness cursor updates per second per writer (B2). */
  cursorHz?: number
}

/**
 * Every room gets `writersPerRoom` seeded notes; writer w moves note w to {x: seq, y: w} at `hz`,
 * stamping the send time on CLOCK_MONOTONIC just before the transaction. Every other client of
 * the room (the other writers too) records when it first sees each sequence number (or a later
 * one: Yjs may merge moves of one note). Latency = arrival − send, across worker processes.
 */
export async function loadRun(kind: Kind, plan: LoadPlan, cfg: BenchConfig): Promise<Figures> {
  return withTarget(kind, {}, async (target) => {
    const specs: ClientSpec[] = []
    const seeders: YClient[] = []
    for (let r = 0; r < plan.rooms; r++) {
      const room = await target.newRoom(plan.clientsPerRoom)
      const seeded = await seedNotes(target, room, plan.writersPerRoom)
      seeders.push(seeded.client)
      for (let c = 0; c < plan.clientsPerRoom; c++) {
        const own = c < plan.writersPerRoom ? seeded.ids[c]! : undefined
        specs.push({
          id: `r${r}c${c}`,
          wsBase: target.wsBase,
          room: room.room,
          token: room.tokens[c]!,
          watch: seeded.ids.filter((id) => id !== own),
          ...(own ? { writer: { noteId: own, hz: plan.hz, y: c } } : {}),
          ...(own && plan.cursorHz ? { cursorHz: plan.cursorHz } : {}),
        })
      }
    }
    return withWorkers(cfg.workers, async (workers) => {
      await workers.connect(spread(specs, workers.size), [])
      for (const seeder of seeders) seeder.destroy()
      const phase = async (seconds: number, from: Record<string, number>) => {
        await workers.all({ type: 'start' }, 'started')
        await sleep(seconds * 1000)
        const stopped = await workers.all({ type: 'stop' }, 'stopped')
        const finals = Object.assign({}, ...stopped.map((s) => s.finals)) as Record<string, number>
        const sends = Object.assign({}, ...stopped.map((s) => s.sends)) as Record<string, number[]>
        const drained = await workers.all({ type: 'drain', finals, sends, from, timeoutMs: 3000 }, 'drained', 60_000)
        return { finals, drained }
      }
      // Warm-up (JIT, socket buffers), not counted.
      const warm = await phase(cfg.warmup, {})
      const peakRss = sampleRss(target)
      const cpuBefore = readCpuMs(target.pid)
      const { finals, drained } = await phase(cfg.seconds, warm.finals)
      const cpuAfter = readCpuMs(target.pid)
      const cpuMs = cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system
      const rss = peakRss()
      const writes = Object.entries(finals).reduce((n, [id, last]) => n + last - (warm.finals[id] ?? 0), 0)
      const all = new Float64Array(drained.reduce((n, d) => n + d.latencies.length, 0))
      let offset = 0
      for (const d of drained) {
        all.set(d.latencies, offset)
        offset += d.latencies.length
      }
      all.sort()
      const expected = drained.reduce((n, d) => n + d.expected, 0)
      const within1s = drained.reduce((n, d) => n + d.within1s, 0)
      cfg.log(`  ${kind}: ${all.length}/${expected} arrivals, p50 ${percentile(all, 50).toFixed(2)} ms, p99 ${percentile(all, 99).toFixed(2)} ms, max ${percentile(all, 100).toFixed(1)} ms`)
      cfg.log(`  ${kind}: server CPU ${cpuMs} ms (user ${cpuAfter.user - cpuBefore.user}, system ${cpuAfter.system - cpuBefore.system}) for ${writes} updates`)
      return {
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        within1s: expected > 0 ? (100 * within1s) / expected : NaN,
        rssMB: rss / 1024 / 1024,
        cpuPerWrite: writes > 0 ? cpuMs / writes : NaN,
      }
    })
  })
}

// ---------------------------------------------------------------------------------------------
// B9: durable write cost

/**
 * Closed loop: `writers` clients each keep `window` moves of their own note in flight; a receiver
 * in the same worker acknowledges a move when it sees it relayed (ours relays only after the
 * SQLite commit). Throughput = acknowledged moves per second.
 */
async function throughput(kind: Kind, env: Record<string, string>, writers: number, window: number, cfg: BenchConfig): Promise<number> {
  return withTarget(kind, { env }, async (target) => {
    const room = await target.newRoom(writers * 2)
    const seeded = await seedNotes(target, room, writers)
    const pairs: ClientSpec[][] = seeded.ids.map((noteId, i) => [
      { id: `w${i}`, wsBase: target.wsBase, room: room.room, token: room.tokens[2 * i]!, watch: [], flood: { noteId, window, ackBy: `a${i}` } },
      { id: `a${i}`, wsBase: target.wsBase, room: room.room, token: room.tokens[2 * i + 1]!, watch: [noteId] },
    ])
    return withWorkers(cfg.workers, async (workers) => {
      await workers.connect(
        spread(pairs, workers.size).map((ps) => ps.flat()),
        [],
      )
      seeded.client.destroy()
      const phase = async (seconds: number): Promise<number> => {
        const started = await workers.all({ type: 'start' }, 'started')
        const t0 = now()
        await sleep(seconds * 1000)
        const stopped = await workers.all({ type: 'stop' }, 'stopped')
        const elapsed = (now() - t0) / 1000
        const acked = stopped.reduce((n, s) => n + s.floodAcked, 0) - started.reduce((n, s) => n + s.floodAcked, 0)
        await sleep(500)
        return acked / elapsed
      }
      await phase(cfg.warmup)
      const rate = await phase(cfg.seconds)
      cfg.log(`  ${kind}${env.STORAGE === 'off' ? ' (STORAGE=off)' : ''}: ${rate.toFixed(0)} updates/s`)
      return rate
    })
  })
}

export async function b9(kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const writers = cfg.smoke ? 2 : 10
  const window = 10
  const on = await throughput(kind, {}, writers, window, cfg)
  if (kind === 'relay') return { on }
  const off = await throughput(kind, { STORAGE: 'off' }, writers, window, cfg)
  return { on, off, share: on / off }
}

// ---------------------------------------------------------------------------------------------
// B6: growth per move

/** Bytes our server keeps for one document: its snapshot and its update log. */
export function storedBytes(dataDir: string, doc: string): number {
  const db = new Database(path.join(dataDir, 'yoriai.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const snapshot = db.prepare<[string], { n: number | null }>('SELECT length(data) AS n FROM doc_snapshots WHERE doc = ?').get(doc)?.n ?? 0
    const log = db.prepare<[string], { n: number | null }>('SELECT sum(length(data)) AS n FROM doc_log WHERE doc = ?').get(doc)?.n ?? 0
    return snapshot + log
  } finally {
    db.close()
  }
}

function logRows(dataDir: string, doc: string): number {
  const db = new Database(path.join(dataDir, 'yoriai.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM doc_log WHERE doc = ?').get(doc)?.n ?? 0
  } finally {
    db.close()
  }
}

/** Size of the whole document as a fresh client receives it (Y.encodeStateAsUpdate). */
async function stateSize(target: Target, room: string, token: string, notes: number): Promise<number> {
  const client = yClient(target.wsBase, room, 'board', token, new Y.Doc())
  try {
    await waitFor(() => client.provider.synced && notesMap(client.doc).size >= notes, 'state sync', 60_000)
    return Y.encodeStateAsUpdate(client.doc).length
  } finally {
    client.destroy()
  }
}

/**
 * `moves` moves in drags of 10 frames on random notes of an `notes`-note board, from one tablet.
 * Ours: growth of the stored document in SQLite (snapshot + log), each side measured after a
 * graceful stop, which compacts the room. Relay (no storage): growth of the document state.
 */
export async function b6(kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const noteCount = cfg.smoke ? 100 : 1000
  const moves = cfg.smoke ? 500 : 10_000
  let target = await startTarget(kind, {})
  try {
    const room = await target.newRoom(2)
    const seeded = await seedNotes(target, room, noteCount + 1)
    seeded.client.destroy()
    const marker = seeded.ids[noteCount]!
    const doc = docName(room.room, 'board')
    let before: number
    if (kind === 'ours') {
      await target.stop('SIGTERM')
      before = storedBytes(target.dataDir, doc)
      target = await startTarget(kind, { dataDir: target.dataDir })
    } else {
      before = await stateSize(target, room.room, room.seedToken, noteCount + 1)
    }
    const current = target
    const result = await withWorkers(1, async (workers) => {
      await workers.connect(
        [
          [
            { id: 'mover', wsBase: current.wsBase, room: room.room, token: room.tokens[0]!, watch: [] },
            { id: 'watcher', wsBase: current.wsBase, room: room.room, token: room.tokens[1]!, watch: [marker] },
          ],
        ],
        [],
      )
      return workers.request(
        0,
        { type: 'moves', mover: 'mover', watcher: 'watcher', noteIds: seeded.ids.slice(0, noteCount), total: moves, dragLength: 10, marker, timeoutMs: 120_000 },
        'movesDone',
        180_000,
      )
    })
    let after: number
    if (kind === 'ours') {
      await target.stop('SIGTERM')
      after = storedBytes(target.dataDir, doc)
    } else {
      after = await stateSize(target, room.room, room.seedToken, noteCount + 1)
    }
    cfg.log(`  ${kind}: ${before} → ${after} bytes after ${result.moves} moves; ${result.updateBytes} update bytes sent`)
    return { perMove: (after - before) / result.moves, wirePerMove: result.updateBytes / result.moves }
  } finally {
    await target.stop('SIGKILL')
  }
}

// ---------------------------------------------------------------------------------------------
// B4: memory of one loaded room, and idle unload

/**
 * Heap (after a full GC, read through probe.mjs) with one client on a 1,000-note room, minus the
 * heap with that room not loaded. For ours, a room is known to be unloaded when its update log in
 * SQLite is compacted away, which Room.destroy() does; we time that from the last client leaving.
 */
export async function b4(kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const noteCount = cfg.smoke ? 100 : 1000
  const env: Record<string, string> = cfg.smoke ? { ROOM_IDLE_MS: '1000' } : {}
  return withTarget(kind, { probe: true, env }, async (target) => {
    // Warm the code paths with a small room first, so that the delta is the room, not the JIT.
    const warmRoom = await target.newRoom(1)
    ;(await seedNotes(target, warmRoom, 10)).client.destroy()
    // The relay never unloads a document: its baseline is taken before the room exists.
    let baseline = kind === 'relay' ? await target.heap() : NaN
    const room = await target.newRoom(1)
    const seeded = await seedNotes(target, room, noteCount)
    seeded.client.destroy()
    const doc = docName(room.room, 'board')
    const unloaded = (): boolean => logRows(target.dataDir, doc) === 0
    if (kind === 'ours') {
      await waitFor(unloaded, 'room unloaded', 60_000)
      await sleep(200)
      baseline = await target.heap()
    }
    const client = yClient(target.wsBase, room.room, 'board', room.tokens[0]!)
    await synced(client)
    await waitFor(() => notesMap(client.doc).size >= noteCount, 'room loaded', 30_000)
    const loaded = await target.heap()
    const figures: Figures = { heapMB: (loaded - baseline) / 1024 / 1024 }
    if (kind === 'ours') {
      // One write, so that unloading leaves a trace (the compaction of a non-empty log).
      moveNote(client.doc, seeded.ids[0] as NoteId, { x: 5, y: 5 })
      await waitFor(() => !unloaded(), 'move stored', 10_000)
      client.destroy()
      const left = now()
      await waitFor(unloaded, 'room unloaded after the last client left', 60_000)
      figures.unloadS = (now() - left) / 1000
    } else {
      client.destroy()
    }
    cfg.log(`  ${kind}: heap ${(baseline / 1048576).toFixed(1)} → ${(loaded / 1048576).toFixed(1)} MB${figures.unloadS !== undefined ? `, unloaded ${figures.unloadS.toFixed(1)} s after the last client left` : ''}`)
    return figures
  })
}

// ---------------------------------------------------------------------------------------------
// B5: cold load

/**
 * A 1,000-note board, then a new client in a worker: time from creating the provider to synced
 * with all notes. Ours loads the room from SQLite each time (ROOM_IDLE_MS=200 and a pause between
 * tries unload it); the relay has no storage and answers from memory.
 */
export async function b5(kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const noteCount = cfg.smoke ? 100 : 1000
  const tries = cfg.smoke ? 2 : 7
  // The first loads in a fresh worker measure its JIT warming up (the relay's too), not the server: in
  // 14-load series the first two took 258–639 ms on either side, the third 124–295, the later ones 53–292
  // (load 2–3).
  const warmup = cfg.smoke ? 0 : 3
  return withTarget(kind, { env: { ROOM_IDLE_MS: '200' } }, async (target) => {
    const room = await target.newRoom(1)
    const seeded = await seedNotes(target, room, noteCount)
    seeded.client.destroy()
    const doc = docName(room.room, 'board')
    return withWorkers(1, async (workers) => {
      const times: number[] = []
      for (let i = 0; i < warmup + tries; i++) {
        if (kind === 'ours') await waitFor(() => logRows(target.dataDir, doc) === 0, 'room unloaded', 30_000)
        await sleep(500)
        const spec: ClientSpec = { id: `cold${i}`, wsBase: target.wsBase, room: room.room, token: room.tokens[0]!, watch: [] }
        const { ms } = await workers.request(0, { type: 'coldLoad', spec, notes: noteCount, timeoutMs: 30_000 }, 'coldLoaded', 40_000)
        if (i >= warmup) times.push(ms)
        else cfg.log(`  ${kind}: warm-up load ${ms.toFixed(1)} ms (not counted)`)
        if (kind === 'ours') {
          // A write, so that the next unload is visible as a compaction.
          const writer = yClient(target.wsBase, room.room, 'board', room.seedToken)
          await synced(writer)
          moveNote(writer.doc, seeded.ids[0] as NoteId, { x: i + 1, y: 0 })
          await waitFor(() => logRows(target.dataDir, doc) > 0, 'move stored', 10_000)
          writer.destroy()
        }
      }
      const sorted = [...times].sort((a, b) => a - b)
      cfg.log(`  ${kind}: ${times.map((t) => t.toFixed(1)).join(', ')} ms`)
      return { median: percentile(sorted, 50), worst: sorted.at(-1)! }
    })
  })
}

// ---------------------------------------------------------------------------------------------
// B7: restart

/**
 * `clients` tablets in one room; the server gets SIGTERM and is started again on the same port
 * (ours with the same data folder). The stock y-websocket client reconnects with its exponential
 * backoff (100 ms doubling, at most 2.5 s). Times are from the moment the new process listens.
 */
export async function b7(kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const count = cfg.smoke ? 6 : 100
  let target = await startTarget(kind, {})
  try {
    const room = await target.newRoom(count)
    const seeded = await seedNotes(target, room, 1)
    const specs: ClientSpec[] = room.tokens.map((token, i) => ({ id: `c${i}`, wsBase: target.wsBase, room: room.room, token, watch: seeded.ids }))
    return await withWorkers(cfg.workers, async (workers) => {
      await workers.connect(spread(specs, workers.size), [])
      seeded.client.destroy()
      await workers.all({ type: 'watchRestart' }, 'watching')
      const killed = now()
      await target.stop('SIGTERM')
      target = await startTarget(kind, { port: target.port, ...(kind === 'ours' ? { dataDir: target.dataDir } : {}) })
      const listening = now()
      const replies = await workers.all({ type: 'awaitResync', timeoutMs: 30_000 }, 'resynced', 40_000)
      const times = replies.flatMap((r) => r.times)
      const missing = times.filter((t) => Number.isNaN(t)).length
      const done = times.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b)
      cfg.log(`  ${kind}: restart took ${(listening - killed).toFixed(0)} ms; ${done.length}/${times.length} resynced${missing ? `, ${missing} never` : ''}`)
      const last = missing > 0 ? NaN : done.at(-1)!
      return {
        allResynced: last - listening,
        fromKill: last - killed,
        spread: done.length > 0 ? done.at(-1)! - done[0]! : NaN,
      }
    })
  } finally {
    await target.stop('SIGKILL')
  }
}

// ---------------------------------------------------------------------------------------------
// B8: tablet bundle

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** The JavaScript a page loads before anything lazy: entry scripts, modulepreloads, and their static imports. */
export function initialScripts(outDir: string): string[] {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')
  const queue: string[] = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isEntry = tag.startsWith('<script') && /type=["']module["']/.test(tag)
    const isPreload = tag.startsWith('<link') && /rel=["']modulepreload["']/.test(tag)
    const ref = /(?:src|href)=["']([^"']+)["']/.exec(tag)?.[1]
    if ((isEntry || isPreload) && ref && !/^https?:/.test(ref)) queue.push(path.join(outDir, ref.replace(/^\//, '')))
  }
  const seen = new Set<string>()
  while (queue.length > 0) {
    const file = queue.shift()!
    if (seen.has(file) || !fs.existsSync(file)) continue
    seen.add(file)
    const code = fs.readFileSync(file, 'utf8')
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1]!))
    }
  }
  return [...seen]
}

/**
 * The built client: dist/client when newer than client/ and shared/ (or any, for --smoke), else a
 * build into a temporary folder, so that a running server or browser test keeps its dist/client.
 */
let built: string | undefined

export function builtClient(cfg: BenchConfig): string {
  if (built && fs.existsSync(path.join(built, 'index.html'))) return built
  // BENCH_CLIENT_DIR: a client built elsewhere (`vite build --outDir`), to compare two builds run by run.
  const given = process.env.BENCH_CLIENT_DIR
  if (given) {
    if (!fs.existsSync(path.join(given, 'index.html'))) throw new Error(`BENCH_CLIENT_DIR ${given} holds no index.html`)
    cfg.log(`  using the client built in ${given}`)
    return (built = given)
  }
  const dist = path.join(root, 'dist/client')
  const fresh =
    fs.existsSync(path.join(dist, 'index.html')) &&
    fs.statSync(path.join(dist, 'index.html')).mtimeMs > Math.max(newestMtime(path.join(root, 'client')), newestMtime(path.join(root, 'shared')))
  let outDir = dist
  if (!fresh && !(cfg.smoke && fs.existsSync(path.join(dist, 'index.html')))) {
    // Build into a folder of our own, so that a running server or browser test keeps its dist/client.
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yoriai-bench-build-'))
    cfg.log(`  building the client into ${outDir}`)
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 180_000,
    })
  } else {
    cfg.log(`  using ${fresh ? 'the fresh' : 'the existing (smoke)'} ${path.relative(root, dist)}`)
  }
  built = outDir
  return outDir
}

export async function b8(_kind: Kind, cfg: BenchConfig): Promise<Figures> {
  const outDir = builtClient(cfg)
  const files = initialScripts(outDir)
  let gzipped = 0
  for (const file of files) gzipped += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length
  cfg.log(`  ${files.map((f) => path.basename(f)).join(', ')}`)
  return { kb: gzipped / 1024 }
}
