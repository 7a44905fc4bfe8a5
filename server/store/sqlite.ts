/**
 * Embedded storage in one SQLite file (better-sqlite3), in WAL mode.
 *
 * Durability, deliberately in two steps for the documents' update log (see README 信頼性):
 * - `appendAll` and `compact` commit on a connection of their own with synchronous=NORMAL: the
 *   transaction is in the WAL file (the operating system has it) when they return, so a server process
 *   killed with SIGKILL loses nothing that was relayed. No fsync blocks the event loop.
 * - Right after, the WAL is synced (fdatasync: its content and length, not its times) on the thread pool (group
 *   commit: one sync covers every commit made while the previous one ran); `whenDurable` calls back once
 *   that has covered what was committed before it was asked. Acknowledgements to tablets (未送信) wait
 *   for it.
 * Everything else (sessions, tokens, dots, 賛成, and `append` as used at session creation) commits with
 * synchronous=FULL: on the disk when the call returns.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import type { DocStore, ParticipantRow, SessionRow, SessionStore, SnapshotInfo, TokenRow } from './types.ts'
import type { Role } from '../../shared/protocol.ts'
import type { SessionKind } from '../../shared/schema.ts'
import { logError } from '../log.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  venue TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  tables_json TEXT NOT NULL DEFAULT '[]',
  join_code TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS sessions_open_code ON sessions(join_code) WHERE closed_at IS NULL;
CREATE TABLE IF NOT EXISTS tokens (
  hash BLOB PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL,
  participant_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  table_name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS tokens_session ON tokens(session_id, role);
CREATE TABLE IF NOT EXISTS doc_log (
  doc TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  round_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dots_voter ON dots(session_id, round_id, participant_id);
CREATE TABLE IF NOT EXISTS plan_agree (
  session_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, item_id, participant_id)
);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  doc TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`

interface SessionDbRow {
  id: string
  title: string
  kind: string
  venue: string
  date: string
  tables_json: string
  join_code: string
  created_at: number
  closed_at: number | null
}

const toSession = (row: SessionDbRow): SessionRow => ({
  id: row.id,
  title: row.title,
  kind: row.kind as SessionKind,
  venue: row.venue,
  date: row.date,
  tables: JSON.parse(row.tables_json) as string[],
  joinCode: row.join_code,
  createdAt: row.created_at,
  closedAt: row.closed_at,
})

/** The next sequence number of a document's log is found in the same b-tree the row goes into. */
const APPEND = 'INSERT INTO doc_log (doc, seq, data) VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM doc_log WHERE doc = ?), ?)'

export class SqliteStore implements DocStore, SessionStore {
  readonly db: Database.Database
  /** The connection that writes the documents' update log and snapshots (see the top of this file). */
  private readonly logDb: Database.Database
  private readonly stmts
  /** The WAL file, fsynced after the document log's commits (null for ':memory:'). */
  private walFd: number | null = null
  /** Commits of the document log so far, and how many of them an fsync has covered. */
  private commits = 0
  private durableCommits = 0
  private syncing = false
  private syncError: unknown = null
  private readonly durableWaiters: Array<{ upTo: number; callback: () => void }> = []
  private closed = false
  /** Made once: db.transaction() builds a new wrapper on every call, and this runs before every relay. */
  private readonly appendEntries: (entries: ReadonlyArray<{ docName: string; updates: readonly Uint8Array[] }>) => void

  constructor(readonly file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('foreign_keys = ON')
    this.db.exec(SCHEMA)
    // Added after the first release: what a snapshot's writer knew of it (see SnapshotInfo).
    const snapshotColumns = new Set(this.db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('doc_snapshots')").all().map((c) => c.name))
    if (!snapshotColumns.has('state_vector')) this.db.exec('ALTER TABLE doc_snapshots ADD COLUMN state_vector BLOB')
    if (!snapshotColumns.has('schema_version')) this.db.exec('ALTER TABLE doc_snapshots ADD COLUMN schema_version INTEGER')
    // Before 2026-11-22 the log was a rowid table with an AUTOINCREMENT key and an index: three pages
    // written per update (table, index, sqlite_sequence) where one b-tree keyed (doc, seq) writes one.
    if (this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'").get()) {
      this.db.transaction(() => {
        this.db.exec('INSERT INTO doc_log (doc, seq, data) SELECT doc, seq, data FROM doc_updates; DROP TABLE doc_updates')
      })()
    }
    // The schema's commit created the WAL file; it stays (same inode) until the connection closes.
    if (file !== ':memory:') this.walFd = fs.openSync(`${file}-wal`, 'r')
    const db = this.db
    // The document log's own connection commits with synchronous=NORMAL (see the top of this file); an
    // in-memory database is one per connection, so it has only the one.
    this.logDb = file === ':memory:' ? db : new Database(file)
    if (this.logDb !== db) this.logDb.pragma('synchronous = NORMAL')
    const logDb = this.logDb
    this.appendEntries = logDb.transaction((entries: ReadonlyArray<{ docName: string; updates: readonly Uint8Array[] }>) => {
      for (const { docName, updates } of entries) for (const update of updates) this.stmts.logAppend.run(docName, docName, update)
    })
    this.stmts = {
      snapshot: db.prepare<[string], { data: Buffer; state_vector: Buffer | null; schema_version: number | null }>(
        'SELECT data, state_vector, schema_version FROM doc_snapshots WHERE doc = ?',
      ),
      updates: db.prepare<[string], { data: Buffer }>('SELECT data FROM doc_log WHERE doc = ? ORDER BY seq'),
      /** `append` at session creation: synchronous=FULL, on the disk when it returns. */
      append: db.prepare<[string, string, Uint8Array]>(APPEND),
      logAppend: logDb.prepare<[string, string, Uint8Array]>(APPEND),
      upsertSnapshot: logDb.prepare<[string, Uint8Array, number, Uint8Array, number | null]>(
        'INSERT INTO doc_snapshots (doc, data, updated_at, state_vector, schema_version) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT(doc) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, state_vector = excluded.state_vector, schema_version = excluded.schema_version',
      ),
      clearLog: logDb.prepare<[string]>('DELETE FROM doc_log WHERE doc = ?'),
      insertSession: db.prepare(
        'INSERT INTO sessions (id, title, kind, venue, date, tables_json, join_code, created_at) VALUES (@id, @title, @kind, @venue, @date, @tables_json, @join_code, @created_at)',
      ),
      codeTaken: db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE join_code = ? AND closed_at IS NULL'),
      getSession: db.prepare<[string], SessionDbRow>('SELECT * FROM sessions WHERE id = ?'),
      byCode: db.prepare<[string], SessionDbRow>('SELECT * FROM sessions WHERE join_code = ? AND closed_at IS NULL'),
      addToken: db.prepare(
        'INSERT INTO tokens (hash, session_id, role, participant_id, name, table_name, created_at) VALUES (@hash, @session_id, @role, @participant_id, @name, @table_name, @created_at)',
      ),
      findToken: db.prepare<[Uint8Array], Record<string, unknown>>('SELECT * FROM tokens WHERE hash = ?'),
      setTables: db.prepare<[string, string]>('UPDATE sessions SET tables_json = ? WHERE id = ?'),
      setTable: db.prepare<[string, Uint8Array]>('UPDATE tokens SET table_name = ? WHERE hash = ?'),
      participants: db.prepare<[string], { participant_id: string; name: string; table_name: string; created_at: number }>(
        "SELECT participant_id, name, table_name, created_at FROM tokens WHERE session_id = ? AND role = 'participant' AND revoked_at IS NULL ORDER BY created_at",
      ),
      participantTokens: db.prepare<[string, string], { hash: Buffer }>(
        "SELECT hash FROM tokens WHERE session_id = ? AND participant_id = ? AND role = 'participant' AND revoked_at IS NULL",
      ),
      revoke: db.prepare<[number, string, string]>("UPDATE tokens SET revoked_at = ? WHERE session_id = ? AND participant_id = ? AND role = 'participant'"),
      setParticipantTable: db.prepare<[string, string, string]>("UPDATE tokens SET table_name = ? WHERE session_id = ? AND participant_id = ? AND role = 'participant'"),
      dotsOf: db.prepare<[string, string, string], { note_id: string; n: number }>(
        'SELECT note_id, COUNT(*) AS n FROM dots WHERE session_id = ? AND round_id = ? AND participant_id = ? GROUP BY note_id',
      ),
      addDot: db.prepare<[string, string, string, string, number]>('INSERT INTO dots (session_id, round_id, participant_id, note_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      removeDot: db.prepare<[string, string, string, string]>(
        'DELETE FROM dots WHERE id = (SELECT id FROM dots WHERE session_id = ? AND round_id = ? AND participant_id = ? AND note_id = ? ORDER BY id DESC LIMIT 1)',
      ),
      totals: db.prepare<[string, string], { note_id: string; n: number }>('SELECT note_id, COUNT(*) AS n FROM dots WHERE session_id = ? AND round_id = ? GROUP BY note_id'),
      agree: db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO plan_agree (session_id, item_id, participant_id, created_at) VALUES (?, ?, ?, ?)'),
      disagree: db.prepare<[string, string, string]>('DELETE FROM plan_agree WHERE session_id = ? AND item_id = ? AND participant_id = ?'),
      agreeCount: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM plan_agree WHERE session_id = ? AND item_id = ?'),
      myAgrees: db.prepare<[string, string], { item_id: string }>('SELECT item_id FROM plan_agree WHERE session_id = ? AND participant_id = ? ORDER BY item_id'),
      countParticipants: db.prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM tokens WHERE session_id = ? AND role = 'participant' AND revoked_at IS NULL",
      ),
    }
  }

  // ---- DocStore ----

  load(docName: string): { updates: Uint8Array[]; logLength: number; snapshot: SnapshotInfo | null } {
    const snapshot = this.stmts.snapshot.get(docName)
    const log = this.stmts.updates.all(docName).map((r) => new Uint8Array(r.data))
    return {
      updates: snapshot ? [new Uint8Array(snapshot.data), ...log] : log,
      logLength: log.length,
      snapshot: snapshot?.state_vector ? { stateVector: new Uint8Array(snapshot.state_vector), schemaVersion: snapshot.schema_version } : null,
    }
  }

  append(docName: string, updates: readonly Uint8Array[]): void {
    if (updates.length === 1) this.stmts.append.run(docName, docName, updates[0]!)
    else this.db.transaction(() => updates.forEach((update) => this.stmts.append.run(docName, docName, update)))()
  }

  appendAll(entries: ReadonlyArray<{ docName: string; updates: readonly Uint8Array[] }>): void {
    // One update of one document (a single tablet writing) is one statement: SQLite commits it alone.
    const only = entries.length === 1 && entries[0]!.updates.length === 1 ? entries[0]! : null
    this.inWal(only ? () => this.stmts.logAppend.run(only.docName, only.docName, only.updates[0]!) : () => this.appendEntries(entries))
  }

  compact(docName: string, snapshot: Uint8Array, info: SnapshotInfo): void {
    // The snapshot holds exactly what the log did, so this commit may wait for the group fsync too:
    // before it is on the disk, the old snapshot and log are.
    this.inWal(
      this.logDb.transaction(() => {
        this.stmts.upsertSnapshot.run(docName, snapshot, Date.now(), info.stateVector, info.schemaVersion)
        this.stmts.clearLog.run(docName)
      }),
    )
  }

  whenDurable(callback: () => void): void {
    if (this.durableCommits >= this.commits) callback()
    else this.durableWaiters.push({ upTo: this.commits, callback })
  }

  /** One transaction (`fn` makes it) into the WAL without an fsync on the event loop; the fsync follows off it. */
  private inWal(fn: () => void): void {
    // After a failed fsync the disk cannot be trusted: fail the write, so rooms reload and resync.
    if (this.syncError) throw this.syncError
    fn()
    this.commits++
    // Started once the caller has done with this turn (the relay goes first: starting an fsync on the
    // thread pool costs the event loop a little, and the relay does not wait for the fsync anyway).
    queueMicrotask(this.startSync)
  }

  private readonly startSync = (): void => this.syncWal()

  private syncWal(): void {
    if (this.syncing || this.closed || this.durableCommits >= this.commits) return
    if (this.walFd === null) {
      this.durableCommits = this.commits
      this.wakeDurable()
      return
    }
    this.syncing = true
    const upTo = this.commits
    fs.fdatasync(this.walFd, (error) => {
      this.syncing = false
      if (this.closed) return
      if (error) {
        // Linux may drop the dirty pages after a failed fsync and report success next time, so there is
        // no retry: nothing more is acknowledged and every later write fails.
        this.syncError = error
        logError('fsync of the SQLite WAL failed; nothing more is acknowledged', error)
        return
      }
      this.durableCommits = upTo
      this.wakeDurable()
      this.syncWal()
    })
  }

  private wakeDurable(): void {
    let kept = 0
    const due: Array<() => void> = []
    for (const waiter of this.durableWaiters) {
      if (waiter.upTo <= this.durableCommits) due.push(waiter.callback)
      else this.durableWaiters[kept++] = waiter
    }
    this.durableWaiters.length = kept
    for (const callback of due) {
      try {
        callback()
      } catch (error) {
        logError('after an fsync', error)
      }
    }
  }

  // ---- SessionStore ----

  createSession(row: Omit<SessionRow, 'joinCode' | 'closedAt'>, newCode: () => string): SessionRow {
    return this.db.transaction(() => {
      let code = newCode()
      for (let i = 0; this.stmts.codeTaken.get(code); i++) {
        if (i > 1000) throw new Error('no free join code')
        code = newCode()
      }
      this.stmts.insertSession.run({
        id: row.id,
        title: row.title,
        kind: row.kind,
        venue: row.venue,
        date: row.date,
        tables_json: JSON.stringify(row.tables),
        join_code: code,
        created_at: row.createdAt,
      })
      return { ...row, joinCode: code, closedAt: null }
    })()
  }

  getSession(id: string): SessionRow | undefined {
    const row = this.stmts.getSession.get(id)
    return row ? toSession(row) : undefined
  }

  findOpenSessionByCode(code: string): SessionRow | undefined {
    const row = this.stmts.byCode.get(code)
    return row ? toSession(row) : undefined
  }

  addToken(tokenHash: Uint8Array, row: Omit<TokenRow, 'revokedAt'>): void {
    this.stmts.addToken.run({
      hash: tokenHash,
      session_id: row.sessionId,
      role: row.role,
      participant_id: row.participantId,
      name: row.name,
      table_name: row.table,
      created_at: Date.now(),
    })
  }

  findToken(tokenHash: Uint8Array): (TokenRow & { hash: Uint8Array }) | undefined {
    const row = this.stmts.findToken.get(tokenHash)
    if (!row) return undefined
    return {
      hash: row.hash as Buffer,
      sessionId: row.session_id as string,
      role: row.role as Role,
      participantId: row.participant_id as string,
      name: row.name as string,
      table: row.table_name as string,
      revokedAt: (row.revoked_at as number | null) ?? null,
    }
  }

  countParticipants(sessionId: string): number {
    return this.stmts.countParticipants.get(sessionId)?.n ?? 0
  }

  setTables(sessionId: string, tables: string[]): void {
    this.stmts.setTables.run(JSON.stringify(tables), sessionId)
  }

  setTokenTable(tokenHash: Uint8Array, table: string): void {
    this.stmts.setTable.run(table, tokenHash)
  }

  listParticipants(sessionId: string): ParticipantRow[] {
    return this.stmts.participants.all(sessionId).map((r) => ({ id: r.participant_id, name: r.name, table: r.table_name, joinedAt: r.created_at }))
  }

  revokeParticipant(sessionId: string, participantId: string): Uint8Array[] {
    return this.db.transaction(() => {
      const hashes = this.stmts.participantTokens.all(sessionId, participantId).map((r) => new Uint8Array(r.hash))
      this.stmts.revoke.run(Date.now(), sessionId, participantId)
      return hashes
    })()
  }

  setParticipantTable(sessionId: string, participantId: string, table: string): Uint8Array[] {
    return this.db.transaction(() => {
      this.stmts.setParticipantTable.run(table, sessionId, participantId)
      return this.stmts.participantTokens.all(sessionId, participantId).map((r) => new Uint8Array(r.hash))
    })()
  }

  // ---- dots (シール投票): ballots stay here; only totals are published ----

  myDots(sessionId: string, roundId: string, participantId: string): Record<string, number> {
    const out: Record<string, number> = Object.create(null) as Record<string, number>
    for (const r of this.stmts.dotsOf.all(sessionId, roundId, participantId)) out[r.note_id] = r.n
    return out
  }

  /**
   * Places one dot if the budget allows, in one transaction: two tabs of the same person, or a
   * modified client sending many at once, cannot go past it.
   */
  placeDot(sessionId: string, roundId: string, participantId: string, noteId: string, budget: number, onePerNote: boolean): 'ok' | 'no-dots-left' | 'one-per-note' {
    return this.db.transaction(() => {
      const mine = this.myDots(sessionId, roundId, participantId)
      const used = Object.values(mine).reduce((a, b) => a + b, 0)
      if (used >= budget) return 'no-dots-left' as const
      if (onePerNote && (mine[noteId] ?? 0) > 0) return 'one-per-note' as const
      this.stmts.addDot.run(sessionId, roundId, participantId, noteId, Date.now())
      return 'ok' as const
    })()
  }

  removeDot(sessionId: string, roundId: string, participantId: string, noteId: string): void {
    this.stmts.removeDot.run(sessionId, roundId, participantId, noteId)
  }

  dotTotals(sessionId: string, roundId: string): Record<string, number> {
    const out: Record<string, number> = {}
    for (const r of this.stmts.totals.all(sessionId, roundId)) out[r.note_id] = r.n
    return out
  }

  // ---- 賛成 on plan items: at most one per participant and item (the primary key) ----

  /** Marks or unmarks this participant's 賛成 and returns the item's new count. */
  setAgree(sessionId: string, itemId: string, participantId: string, agree: boolean): number {
    return this.db.transaction(() => {
      if (agree) this.stmts.agree.run(sessionId, itemId, participantId, Date.now())
      else this.stmts.disagree.run(sessionId, itemId, participantId)
      return this.stmts.agreeCount.get(sessionId, itemId)?.n ?? 0
    })()
  }

  myAgrees(sessionId: string, participantId: string): string[] {
    return this.stmts.myAgrees.all(sessionId, participantId).map((r) => r.item_id)
  }

  close(): void {
    this.closed = true
    // Closing the last connection checkpoints the WAL into the database file and syncs it.
    if (this.logDb !== this.db) this.logDb.close()
    this.db.close()
    if (this.walFd !== null) fs.closeSync(this.walFd)
    this.walFd = null
  }
}
