/**
 * A board read back from SQLite: a compacted one answers a new tablet's first sync with its stored
 * snapshot (no apply, no encode on the way), applies it right after, and takes writes as before; a
 * snapshot written before state vectors were stored, or by a server with older migrations, is applied
 * and migrated before anyone syncs. Real server on port 0, real SQLite, stock y-websocket clients.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncStep1Message, yClient } from '../../helpers/clients.ts'
import * as decoding from 'lib0/decoding'
import { inflateRawSync } from 'node:zlib'
import type { BoardSnapshot } from '../../../shared/board.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import { boardNeedsMigration, boardSchemaVersion } from '../../../shared/migrations.ts'
import { DEFLATE_MIN_BYTES, MessageType, docName } from '../../../shared/protocol.ts'
import { takeDeflatedSync } from '../../../client/sync/firstSync.ts'
import { SCHEMA_VERSION } from '../../../shared/schema.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession } from '../../../shared/session.ts'

const note = (text: string) => ({ text, canvas: 'need' as const, color: 'yellow' as const, authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })

async function boardWithNotes(t: TestServer, count: number): Promise<CreatedSession> {
  const s = await createSession(t.http)
  const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
  await synced(writer)
  writer.doc.transact(() => {
    for (let i = 0; i < count; i++) addNote(writer.doc, note(`付箋 ${i}`))
  })
  const name = docName(s.sessionId, 'board')
  await waitFor(() => listNotes(storedDocOf(t, name)).length === count, 'notes stored')
  writer.destroy()
  // Unloading compacts the room: the log becomes one snapshot with its state vector.
  await waitFor(() => t.server.rooms.loaded(name) === undefined, 'room unloaded')
  return s
}

function storedDocOf(t: TestServer, name: string): Y.Doc {
  const doc = new Y.Doc()
  for (const update of t.server.store.load(name).updates) Y.applyUpdate(doc, update)
  return doc
}

describe('loading a board from storage', () => {
  it('stores the state vector and schema version with a compacted snapshot', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await boardWithNotes(t, 20)
    const stored = t.server.store.load(docName(s.sessionId, 'board'))
    expect(stored.logLength).toBe(0)
    expect(stored.snapshot?.schemaVersion).toBe(SCHEMA_VERSION)
    expect(Y.decodeStateVector(stored.snapshot!.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.updates[0]!)))
    await t.close()
  })

  it('gives a tablet that asks for it the stored snapshot deflated in the second encoding, the same board', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await boardWithNotes(t, 100)
    const name = docName(s.sessionId, 'board')
    expect(t.server.store.load(name).updates[0]!.length).toBeGreaterThan(DEFLATE_MIN_BYTES)
    const tablet = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey, new Y.Doc(), {}, { deflate: '2' })
    let v2 = 0
    takeDeflatedSync(tablet.provider)
    const take = tablet.provider.messageHandlers[MessageType.SyncStep2DeflatedV2]!
    tablet.provider.messageHandlers[MessageType.SyncStep2DeflatedV2] = (...args) => {
      v2++
      take(...args)
    }
    await synced(tablet)
    expect(v2).toBe(1)
    expect(listNotes(tablet.doc).map((n) => n.id).sort()).toEqual(listNotes(storedDocOf(t, name)).map((n) => n.id).sort())
    tablet.destroy()
    await t.close()
  })

  it('gives a new tablet the whole board from the snapshot, then takes its writes and keeps them', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await boardWithNotes(t, 30)
    const name = docName(s.sessionId, 'board')
    const reader = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(reader)
    await waitFor(() => listNotes(reader.doc).length === 30, 'board from the snapshot')
    // A second tablet (its own copy already) writes; the first sees it, storage keeps it.
    const writer = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(writer)
    addNote(writer.doc, note('あとから書いた付箋'))
    await waitFor(() => listNotes(reader.doc).some((n) => n.text === 'あとから書いた付箋'), 'relayed')
    expect(listNotes(t.server.rooms.loaded(name)!.doc)).toHaveLength(31)
    reader.destroy()
    writer.destroy()
    await waitFor(() => t.server.rooms.loaded(name) === undefined, 'room unloaded')
    expect(listNotes(storedDocOf(t, name))).toHaveLength(31)
    await t.close()
    // And after a restart on the same file.
    const again = await startServer({ dataDir: t.dataDir, roomIdleMs: 50 })
    const late = yClient(again.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(late)
    await waitFor(() => listNotes(late.doc).length === 31, 'board after a restart')
    late.destroy()
    await again.close()
  })

  it('applies a snapshot stored without a state vector (written by an older server) before the first sync', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await boardWithNotes(t, 10)
    t.server.store.db.prepare('UPDATE doc_snapshots SET state_vector = NULL, schema_version = NULL').run()
    const reader = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(reader)
    await waitFor(() => listNotes(reader.doc).length === 10, 'board')
    expect(boardSchemaVersion(t.server.rooms.loaded(docName(s.sessionId, 'board'))!.doc)).toBe(SCHEMA_VERSION)
    reader.destroy()
    await t.close()
  })

  it('knows when a stored schema version still has migrations to run', () => {
    expect(boardNeedsMigration(0)).toBe(true)
    expect(boardNeedsMigration(SCHEMA_VERSION)).toBe(false)
  })

  it('sends a tablet that asks the plain copy of a board just loaded from storage (the snapshot applied for it)', async () => {
    const t = await startServer({ roomIdleMs: 50 })
    const s = await boardWithNotes(t, 100)
    const person = await join(t.http, s.joinCode, 'たろう')
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${person.participantToken}&deflate=2&preview=1`)
    await raw.open()
    raw.send(syncStep1Message(new Y.Doc()))
    const typeOf = (m: Uint8Array) => decoding.readVarUint(decoding.createDecoder(m))
    await waitFor(() => raw.messages.some((m) => typeOf(m) === MessageType.SyncStep2DeflatedV2), 'the board')
    raw.close()
    const preview = raw.messages.find((m) => typeOf(m) === MessageType.BoardPreview)
    expect(preview).toBeDefined()
    const decoder = decoding.createDecoder(preview!)
    decoding.readVarUint(decoder)
    expect((JSON.parse(inflateRawSync(decoding.readVarUint8Array(decoder)).toString('utf8')) as BoardSnapshot).notes).toHaveLength(100)
    await t.close()
  })
})
