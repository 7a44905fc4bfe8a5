/**
 * Named, append-only migrations of the board and control documents. Each runs once, in one
 * transaction, and bumps `meta.schemaVersion`; unknown fields are kept, never dropped.
 */
import type * as Y from 'yjs'
import { SCHEMA_VERSION, boardMeta } from './schema.ts'

interface Migration {
  /** The schemaVersion this migration produces. */
  version: number
  name: string
  up(doc: Y.Doc): void
}

/** Append only: never edit or reorder a migration that has shipped. */
export const BOARD_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial: notes, groups, links', up: () => {} },
]

/** The board's `meta.schemaVersion` (0 when it has none yet). */
export function boardSchemaVersion(doc: Y.Doc): number {
  const version = boardMeta(doc).get('schemaVersion')
  return typeof version === 'number' ? version : 0
}

/** Whether a board at `version` has migrations left to run. */
export const boardNeedsMigration = (version: number): boolean => BOARD_MIGRATIONS.some((m) => m.version > version && m.version <= SCHEMA_VERSION)

/** Brings a board document up to SCHEMA_VERSION. Returns the versions it ran. */
export function migrateBoard(doc: Y.Doc, origin: unknown = 'migration'): number[] {
  const meta = boardMeta(doc)
  const current = boardSchemaVersion(doc)
  const pending = BOARD_MIGRATIONS.filter((m) => m.version > current && m.version <= SCHEMA_VERSION)
  if (pending.length === 0) return []
  doc.transact(() => {
    for (const migration of pending) migration.up(doc)
    meta.set('schemaVersion', pending[pending.length - 1]!.version)
  }, origin)
  return pending.map((m) => m.version)
}
