/**
 * export.json: a full, versioned backup — both Yjs documents as they are (so a restore is identical,
 * history included) and the session record — plus a readable copy of the content for scripts and
 * people. `readBackup` checks an uploaded file before anything is stored: the format and version, the
 * session record, and that each document decodes completely (no missing dependencies) within the limits.
 */
import * as Y from 'yjs'
import { validateSessionInput, type SessionInput } from '../../shared/session.ts'
import { isCalendarDate } from '../../shared/dates.ts'
import { LIMITS } from '../../shared/limits.ts'
import { isPlainObject, own, hasForbiddenKey } from '../../shared/validate.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import type { ExportData } from './data.ts'

export const BACKUP_FORMAT = 'yoriai-backup'
export const BACKUP_VERSION = 1

export interface Backup {
  format: typeof BACKUP_FORMAT
  version: number
  exportedAt: string
  session: Required<Pick<SessionInput, 'title' | 'kind' | 'venue' | 'date' | 'tables'>> & { createdAt: number; participantCount: number }
  /** Base64 of Y.encodeStateAsUpdate for each document. */
  documents: { board: string; control: string }
  /** A readable copy (ignored on restore): nicknames as chosen, hidden notes marked, never a token. */
  content: {
    notes: unknown[]
    groups: unknown[]
    links: unknown[]
    planItems: unknown[]
    categories: string[]
    steps: unknown[]
    votes: Record<string, number>
    agree: Record<string, number>
  }
}

/** The readable copy keeps hidden notes too (marked `hidden`), like the documents do. */
export function makeBackup(data: ExportData, docs: { board: Uint8Array; control: Uint8Array }): Backup {
  const { session } = data
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(data.at).toISOString(),
    session: { title: session.title, kind: session.kind, venue: session.venue, date: session.date, tables: session.tables, createdAt: session.createdAt, participantCount: data.participantCount },
    documents: { board: Buffer.from(docs.board).toString('base64'), control: Buffer.from(docs.control).toString('base64') },
    content: {
      notes: data.allNotes,
      groups: data.board.groups,
      links: data.board.links,
      planItems: data.items,
      categories: data.control.categories,
      steps: data.control.steps,
      votes: data.votes,
      agree: data.agree,
    },
  }
}

export class BackupError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey)
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes one document and proves it is whole: applied to a fresh Y.Doc with nothing left pending. */
function readDocument(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw new BackupError('error.importDocument')
  const bytes = new Uint8Array(Buffer.from(value, 'base64'))
  if (bytes.length > LIMITS.documentBytes) throw new BackupError('error.fileTooLarge', { mb: Math.round(LIMITS.documentBytes / 1024 / 1024) })
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, bytes)
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new BackupError('error.importDocument')
    return Y.encodeStateAsUpdate(doc)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError('error.importDocument')
  } finally {
    doc.destroy()
  }
}

export function readBackup(body: unknown): { session: SessionInput; docs: { board: Uint8Array; control: Uint8Array } } {
  if (!isPlainObject(body) || hasForbiddenKey(body) || own(body, 'format') !== BACKUP_FORMAT) throw new BackupError('error.importFormat')
  const version = own(body, 'version')
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new BackupError('error.importFormat')
  if (version > BACKUP_VERSION) throw new BackupError('error.importVersion', { version })
  const session = own(body, 'session')
  const documents = own(body, 'documents')
  if (!isPlainObject(session) || !isPlainObject(documents)) throw new BackupError('error.importFormat')
  const parsed = validateSessionInput({
    title: own(session, 'title'),
    kind: own(session, 'kind'),
    venue: own(session, 'venue') || undefined,
    // A backup taken when the server still took 2026-02-30 is restored, without that date.
    date: isCalendarDate(String(own(session, 'date') ?? '')) ? own(session, 'date') : undefined,
    tables: own(session, 'tables'),
  })
  if (!parsed.ok) throw new BackupError('error.importFormat')
  return { session: parsed.value, docs: { board: readDocument(own(documents, 'board')), control: readDocument(own(documents, 'control')) } }
}
