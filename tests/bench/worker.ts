/**
 * A bench worker process: runs many simulated tablets (stock y-websocket clients from
 * tests/helpers/clients.ts) and records when each watched update arrives. Started by the runner with
 * child_process.fork, so no client ever runs in a server's process.
 */
import type * as Y from 'yjs'
import { yClient, type YClient } from '../helpers/clients.ts'
import { waitFor } from '../helpers/server.ts'
import { moveNote } from '../../shared/ops/notes.ts'
import { notesMap } from '../../shared/schema.ts'
import type { NoteId } from '../../shared/ids.ts'
import { now, type ClientSpec, type FromWorker, type ToWorker } from './protocol.ts'

interface Live {
  spec: ClientSpec
  client: YClient
  /** Highest sequence number seen per watched note. */
  seen: Map<string, number>
  /** Per watched note: flat [seq, time, seq, time, …] each time the seen sequence grew. */
  arrivals: Map<string, number[]>
  /** Send times of this client's own writes (index = seq − 1). */
  sends: number[]
  seq: number
  down: boolean
  resyncAt: number
}

// Every y-websocket provider adds a process 'exit' listener in Node; a worker runs a hundred of them.
process.setMaxListeners(0)

const clients = new Map<string, Live>()
const timers: NodeJS.Timeout[] = []
let running = false

const send = (message: FromWorker): void => {
  process.send!(message)
}

const seqOf = (doc: Y.Doc, noteId: string): number => {
  const pos = notesMap(doc).get(noteId)?.get('pos') as { x?: unknown } | undefined
  return typeof pos?.x === 'number' ? pos.x : 0
}

function observe(live: Live): void {
  const t = now()
  for (const noteId of live.spec.watch) {
    const seq = seqOf(live.client.doc, noteId)
    if (seq > (live.seen.get(noteId) ?? 0)) {
      live.seen.set(noteId, seq)
      live.arrivals.get(noteId)!.push(seq, t)
    }
  }
  if (running) pumpFloods()
}

function write(live: Live, noteId: string, y: number): void {
  live.seq++
  live.sends.push(now())
  moveNote(live.client.doc, noteId as NoteId, { x: live.seq, y })
}

function pumpFloods(): void {
  for (const live of clients.values()) {
    const flood = live.spec.flood
    if (!flood) continue
    const acked = clients.get(flood.ackBy)?.seen.get(flood.noteId) ?? 0
    while (running && live.seq - acked < flood.window) write(live, flood.noteId, 0)
  }
}

function open(spec: ClientSpec): Live {
  const client = yClient(spec.wsBase, spec.room, 'board', spec.token)
  const live: Live = {
    spec,
    client,
    seen: new Map(spec.watch.map((id) => [id, 0])),
    arrivals: new Map(spec.watch.map((id) => [id, []])),
    sends: [],
    seq: 0,
    down: false,
    resyncAt: NaN,
  }
  client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== null) observe(live)
  })
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') live.down = true
  })
  client.provider.on('sync', (synced: boolean) => {
    if (synced && live.down && Number.isNaN(live.resyncAt)) live.resyncAt = now()
  })
  return live
}

/** Notes a client must have before it is ready: what it watches and what it writes. */
const needs = (spec: ClientSpec): string[] =>
  [...spec.watch, spec.writer?.noteId, spec.flood?.noteId].filter((id): id is string => id !== undefined)

async function connect(specs: ClientSpec[], expectNotes: string[], timeoutMs: number): Promise<void> {
  // A few at a time, as tablets arrive, rather than all in one burst.
  for (let i = 0; i < specs.length; i += 20) {
    const batch = specs.slice(i, i + 20).map(open)
    for (const live of batch) clients.set(live.spec.id, live)
    await waitFor(
      () =>
        batch.every((l) => {
          if (!l.client.provider.synced) return false
          const notes = notesMap(l.client.doc)
          return [...expectNotes, ...needs(l.spec)].every((id) => notes.has(id))
        }),
      'clients synced with the seeded notes',
      timeoutMs,
    )
  }
  for (const live of clients.values()) {
    for (const id of live.spec.watch) live.seen.set(id, seqOf(live.client.doc, id))
  }
}

function start(): void {
  running = true
  for (const live of clients.values()) {
    const { writer, cursorHz } = live.spec
    if (writer) {
      // Spread the writers' phases so that they do not all tick in the same millisecond.
      const delay = Math.random() * (1000 / writer.hz)
      timers.push(
        setTimeout(() => {
          if (!running) return
          write(live, writer.noteId, writer.y)
          timers.push(setInterval(() => running && write(live, writer.noteId, writer.y), 1000 / writer.hz))
        }, delay),
      )
    }
    if (cursorHz) {
      let k = 0
      timers.push(
        setInterval(() => {
          k++
          live.client.provider.awareness.setLocalStateField('cursor', { x: (k * 37) % 1000, y: (k * 53) % 700 })
        }, 1000 / cursorHz),
      )
    }
  }
  pumpFloods()
}

function stop(): FromWorker {
  running = false
  for (const timer of timers.splice(0)) clearInterval(timer)
  const finals: Record<string, number> = {}
  const sends: Record<string, number[]> = {}
  for (const live of clients.values()) {
    const noteId = live.spec.writer?.noteId ?? live.spec.flood?.noteId
    if (noteId) {
      finals[noteId] = live.seq
      sends[noteId] = live.sends
    }
  }
  return { type: 'stopped', finals, sends, floodAcked: floodAcked() }
}

/** Flood writes acknowledged so far (seen by their paired receiver). */
function floodAcked(): number {
  let acked = 0
  for (const live of clients.values()) {
    if (live.spec.flood) acked += clients.get(live.spec.flood.ackBy)?.seen.get(live.spec.flood.noteId) ?? 0
  }
  return acked
}

async function drain(
  finals: Record<string, number>,
  sends: Record<string, number[]>,
  from: Record<string, number>,
  timeoutMs: number,
): Promise<FromWorker> {
  const done = (): boolean =>
    [...clients.values()].every((l) => l.spec.watch.every((id) => (l.seen.get(id) ?? 0) >= (finals[id] ?? 0)))
  await waitFor(done, 'drain', timeoutMs).catch(() => undefined)
  const latencies: number[] = []
  let expected = 0
  let within1s = 0
  for (const live of clients.values()) {
    for (const noteId of live.spec.watch) {
      const final = finals[noteId] ?? 0
      const sent = sends[noteId] ?? []
      const arrivals = live.arrivals.get(noteId) ?? []
      expected += final
      let k = 0
      expected -= from[noteId] ?? 0
      for (let seq = (from[noteId] ?? 0) + 1; seq <= final; seq++) {
        // The first arrival that shows this sequence number or a later one (a merged update
        // carries only the last position of a note).
        while (k < arrivals.length && arrivals[k]! < seq) k += 2
        if (k >= arrivals.length) break
        const latency = arrivals[k + 1]! - sent[seq - 1]!
        latencies.push(latency)
        if (latency <= 1000) within1s++
      }
    }
  }
  return { type: 'drained', latencies: Float64Array.from(latencies), expected, delivered: latencies.length, within1s }
}

async function moves(msg: Extract<ToWorker, { type: 'moves' }>): Promise<FromWorker> {
  const mover = clients.get(msg.mover)!
  const watcher = clients.get(msg.watcher)!
  const doc = mover.client.doc
  let updateBytes = 0
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === null) updateBytes += update.length
  }
  doc.on('update', onUpdate)
  let done = 0
  while (done < msg.total) {
    const noteId = msg.noteIds[Math.floor(Math.random() * msg.noteIds.length)]!
    let x = Math.floor(Math.random() * 2000)
    let y = Math.floor(Math.random() * 1500)
    for (let i = 0; i < msg.dragLength && done < msg.total; i++, done++) {
      x += 7
      y += 3
      moveNote(doc, noteId as NoteId, { x, y })
    }
    // Let the socket drain now and then, as a finger on a tablet would.
    if (done % 200 === 0) await new Promise((r) => setImmediate(r))
  }
  doc.off('update', onUpdate)
  moveNote(doc, msg.marker as NoteId, { x: 1, y: 0 })
  await waitFor(() => (watcher.seen.get(msg.marker) ?? 0) >= 1, 'moves relayed', msg.timeoutMs)
  return { type: 'movesDone', moves: msg.total, updateBytes }
}

async function coldLoad(msg: Extract<ToWorker, { type: 'coldLoad' }>): Promise<FromWorker> {
  const started = now()
  const client = yClient(msg.spec.wsBase, msg.spec.room, 'board', msg.spec.token)
  // Timed when the provider says synced with every note (not at the next poll: that added up to 10 ms).
  let timer: NodeJS.Timeout | undefined
  const loaded = new Promise<number>((resolve, reject) => {
    const check = (): void => {
      if (client.provider.synced && notesMap(client.doc).size >= msg.notes) resolve(now())
    }
    client.provider.on('sync', check)
    client.doc.on('update', check)
    timer = setTimeout(() => reject(new Error('timed out waiting for cold load')), msg.timeoutMs)
  })
  try {
    return { type: 'coldLoaded', ms: (await loaded) - started }
  } finally {
    clearTimeout(timer)
    client.destroy()
  }
}

async function handle(msg: ToWorker): Promise<FromWorker> {
  switch (msg.type) {
    case 'connect':
      await connect(msg.clients, msg.expectNotes, msg.timeoutMs)
      return { type: 'ready' }
    case 'start':
      start()
      return { type: 'started', floodAcked: floodAcked() }
    case 'stop':
      return stop()
    case 'drain':
      return drain(msg.finals, msg.sends, msg.from, msg.timeoutMs)
    case 'moves':
      return moves(msg)
    case 'watchRestart':
      for (const live of clients.values()) {
        live.down = false
        live.resyncAt = NaN
      }
      return { type: 'watching' }
    case 'awaitResync': {
      const all = [...clients.values()]
      await waitFor(() => all.every((l) => !Number.isNaN(l.resyncAt)), 'resync', msg.timeoutMs).catch(() => undefined)
      return { type: 'resynced', times: all.map((l) => l.resyncAt) }
    }
    case 'coldLoad':
      return coldLoad(msg)
    case 'close':
      running = false
      for (const timer of timers.splice(0)) clearInterval(timer)
      for (const live of clients.values()) live.client.destroy()
      clients.clear()
      return { type: 'closed' }
  }
}

process.on('message', (msg: ToWorker) => {
  handle(msg).then(
    (reply) => {
      send(reply)
      if (reply.type === 'closed') setTimeout(() => process.exit(0), 50)
    },
    (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
