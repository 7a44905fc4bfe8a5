/**
 * Storage behind small interfaces, so that a second implementation (the later scale-out mode on
 * PostgreSQL) can slot in beside SQLite.
 */
import type { Role } from '../../shared/protocol.ts'
import type { SessionKind } from '../../shared/schema.ts'

/** What the server knew of a snapshot when it wrote it, so a load can answer syncs without applying it. */
export interface SnapshotInfo {
  /** Y.encodeStateVector of the document the snapshot encodes. */
  stateVector: Uint8Array
  /** The board's meta.schemaVersion then (null for other kinds). */
  schemaVersion: number | null
}

/** Durable storage of Yjs documents: an append-only update log plus a compacted snapshot. */
export interface DocStore {
  /**
   * Everything stored for a document, snapshot first; empty for a new document. `snapshot` describes
   * updates[0] when that is a snapshot written with its SnapshotInfo (older snapshots have none).
   */
  load(docName: string): { updates: Uint8Array[]; logLength: number; snapshot: SnapshotInfo | null }
  /** Appends updates (one transaction), on the disk when it returns. */
  append(docName: string, updates: readonly Uint8Array[]): void
  /**
   * Appends the updates of several documents in one transaction, before anyone else is told of them.
   * When it returns the write survives the server process being killed; on the disk (fsync) it may be
   * only later: see whenDurable.
   */
  appendAll(entries: ReadonlyArray<{ docName: string; updates: readonly Uint8Array[] }>): void
  /** Replaces the log with one snapshot that contains it (durable as appendAll). */
  compact(docName: string, snapshot: Uint8Array, info: SnapshotInfo): void
  /** Calls back once everything appendAll and compact wrote before this call is on the disk. */
  whenDurable(callback: () => void): void
}

export interface SessionRow {
  id: string
  title: string
  kind: SessionKind
  venue: string
  date: string
  tables: string[]
  joinCode: string
  createdAt: number
  closedAt: number | null
}

export interface TokenRow {
  sessionId: string
  role: Role
  /** Participant id for participant tokens, '' otherwise. */
  participantId: string
  name: string
  table: string
  revokedAt: number | null
}

export interface SessionStore {
  /** Creates a session with a join code unique among open sessions. */
  createSession(row: Omit<SessionRow, 'joinCode' | 'closedAt'>, newCode: () => string): SessionRow
  getSession(id: string): SessionRow | undefined
  findOpenSessionByCode(code: string): SessionRow | undefined
  addToken(tokenHash: Uint8Array, row: Omit<TokenRow, 'revokedAt'>): void
  /** Looks a token up by its hash; the caller still compares in constant time. */
  findToken(tokenHash: Uint8Array): (TokenRow & { hash: Uint8Array }) | undefined
  countParticipants(sessionId: string): number
  setTokenTable(tokenHash: Uint8Array, table: string): void
  setTables(sessionId: string, tables: string[]): void
  listParticipants(sessionId: string): ParticipantRow[]
  /** Revokes every token of a participant; returns their hashes so open sockets can be closed. */
  revokeParticipant(sessionId: string, participantId: string): Uint8Array[]
  setParticipantTable(sessionId: string, participantId: string, table: string): Uint8Array[]
}

export interface ParticipantRow {
  id: string
  name: string
  table: string
  joinedAt: number
}
