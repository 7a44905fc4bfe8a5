/**
 * Tablets visiting boards, for the memory tests: one visit opens a board, syncs, shows presence, maybe
 * writes a note and leaves; and readings of a child server's memory (VmRSS, after a garbage collection).
 */
import fs from 'node:fs'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { waitFor } from './server.ts'
import { RawClient, syncStep1Message, syncUpdateMessage } from './clients.ts'
import type { ChildServer } from './childServer.ts'
import { addNote } from '../../shared/ops/notes.ts'
import { MessageType } from '../../shared/protocol.ts'
import type { CreatedSession } from '../../shared/session.ts'

/** A tablet's whole visit: open, sync, show presence, maybe write a note, leave. */
export async function cycle(wsBase: string, session: CreatedSession, writeText: string | null): Promise<void> {
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
export async function cycles(wsBase: string, sessions: CreatedSession[], count: number, parallel: number, writeEvery: number, onProgress?: (done: number) => void): Promise<void> {
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

/** VmRSS of a process in bytes, from /proc. */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!kb) throw new Error('no VmRSS')
  return Number(kb[1]) * 1024
}

/** Asks the child for its stats line (SIGUSR2, server/main.ts). */
export async function stats(server: ChildServer): Promise<{ rooms: number; rss: number }> {
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
export async function settledRss(server: ChildServer): Promise<number> {
  let rooms = -1
  const deadline = Date.now() + 60_000
  while (rooms !== 0 && Date.now() < deadline) {
    rooms = (await stats(server)).rooms
    if (rooms !== 0) await new Promise((r) => setTimeout(r, 200))
  }
  if (rooms !== 0) throw new Error(`${rooms} rooms still loaded a minute after the last visit`)
  await new Promise((r) => setTimeout(r, 2_000))
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    await stats(server)
    samples.push(rssOf(server.child.pid!))
    await new Promise((r) => setTimeout(r, 500))
  }
  return samples.sort((a, b) => a - b)[2]!
}

