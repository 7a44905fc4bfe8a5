/**
 * The SQLite store's document log: a database written before the log became one b-tree keyed (doc,
 * seq) is carried over when the server opens it, in order, and the log goes on from there; updates
 * of several documents committed together keep each document's order. Real SQLite files.
 */
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SqliteStore } from '../../../server/store/sqlite.ts'

const dirs: string[] = []
const tempFile = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yoriai-store-'))
  dirs.push(dir)
  return path.join(dir, 'yoriai.sqlite')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values)
const plain = (updates: Uint8Array[]): number[][] => updates.map((u) => [...u])

describe('the document log in SQLite', () => {
  it('carries over a log written by an earlier version, in order, and appends after it', () => {
    const file = tempFile()
    const old = new Database(file)
    old.pragma('journal_mode = WAL')
    old.exec(`CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);`)
    const insert = old.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)')
    // Two documents interleaved, as rooms wrote them: seq is global, each document's order is what counts.
    insert.run('a/board', bytes(1))
    insert.run('b/board', bytes(9))
    insert.run('a/board', bytes(2))
    insert.run('a/board', bytes(3))
    old.close()

    const store = new SqliteStore(file)
    expect(plain(store.load('a/board').updates)).toEqual([[1], [2], [3]])
    expect(store.load('a/board').logLength).toBe(3)
    expect(plain(store.load('b/board').updates)).toEqual([[9]])
    store.appendAll([{ docName: 'a/board', updates: [bytes(4)] }])
    store.appendAll([
      { docName: 'b/board', updates: [bytes(10), bytes(11)] },
      { docName: 'a/board', updates: [bytes(5)] },
    ])
    expect(plain(store.load('a/board').updates)).toEqual([[1], [2], [3], [4], [5]])
    expect(plain(store.load('b/board').updates)).toEqual([[9], [10], [11]])
    const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name)
    expect(tables).not.toContain('doc_updates')
    store.close()

    // What was appended is in the file for the next start.
    const again = new SqliteStore(file)
    expect(plain(again.load('a/board').updates)).toEqual([[1], [2], [3], [4], [5]])
    again.close()
  })

  it('starts a document log again after compaction and keeps the snapshot first', () => {
    const file = tempFile()
    const store = new SqliteStore(file)
    store.append('s/board', [bytes(1)])
    store.appendAll([{ docName: 's/board', updates: [bytes(2), bytes(3)] }])
    store.compact('s/board', bytes(7, 7), { stateVector: bytes(0), schemaVersion: 1 })
    store.appendAll([{ docName: 's/board', updates: [bytes(4)] }])
    const loaded = store.load('s/board')
    expect(plain(loaded.updates)).toEqual([[7, 7], [4]])
    expect(loaded.logLength).toBe(1)
    store.close()
  })

  it('calls back once what was committed is synced to the disk', async () => {
    const store = new SqliteStore(tempFile())
    store.appendAll([{ docName: 's/board', updates: [bytes(1)] }])
    const durable = await new Promise<boolean>((resolve) => store.whenDurable(() => resolve(true)))
    expect(durable).toBe(true)
    store.close()
  })
})
