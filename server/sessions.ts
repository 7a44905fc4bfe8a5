/** Sessions, tokens and roles: the rules, apart from HTTP and sockets. */
import * as Y from 'yjs'
import { hashSecret, newJoinCode, newParticipantId, newSecret, newSessionId, secretMatches } from './auth.ts'
import type { DocStore, SessionRow, SessionStore, TokenRow } from './store/types.ts'
import { docName, type Role } from '../shared/protocol.ts'
import { SCHEMA_VERSION, TABLES_MAX, boardMeta, controlMeta } from '../shared/schema.ts'
import { normalizeTables, type JoinInput, type SessionInput } from '../shared/session.ts'
import { LIMITS } from '../shared/limits.ts'
import { initControl } from '../shared/control.ts'
import { defaultTemplateFor, type TemplateId } from '../shared/templates.ts'

export interface Principal {
  role: Role
  sessionId: string
  /** Participant id, or the role name for the facilitator and projector. */
  id: string
  name: string
  table: string
  tokenHash: string
}

export class Sessions {
  constructor(private readonly store: SessionStore & DocStore) {}

  /** A new session; from `docs` (a restored backup) instead of the template when given. */
  create(input: SessionInput, docs?: { board: Uint8Array; control: Uint8Array }): { session: SessionRow; facilitatorKey: string; projectorToken: string } {
    const template = input.template ?? defaultTemplateFor(input.kind)
    const session = this.store.createSession(
      {
        id: newSessionId(),
        title: input.title,
        kind: input.kind,
        venue: input.venue ?? '',
        date: input.date ?? '',
        tables: input.tables ?? [],
        createdAt: Date.now(),
      },
      newJoinCode,
    )
    const facilitatorKey = newSecret()
    const projectorToken = newSecret()
    this.store.addToken(hashSecret(facilitatorKey), { sessionId: session.id, role: 'facilitator', participantId: '', name: '', table: '' })
    this.store.addToken(hashSecret(projectorToken), { sessionId: session.id, role: 'projector', participantId: '', name: '', table: '' })
    if (docs) {
      this.store.append(docName(session.id, 'board'), [docs.board])
      this.store.append(docName(session.id, 'control'), [docs.control])
    } else this.initDocs(session.id, template)
    return { session, facilitatorKey, projectorToken }
  }

  /** Writes schemaVersion into both documents and the template's steps into the control document. */
  private initDocs(sessionId: string, template: TemplateId): void {
    for (const kind of ['board', 'control'] as const) {
      const doc = new Y.Doc()
      const meta = kind === 'board' ? boardMeta(doc) : controlMeta(doc)
      meta.set('schemaVersion', SCHEMA_VERSION)
      if (kind === 'control') initControl(doc, template)
      this.store.append(docName(sessionId, kind), [Y.encodeStateAsUpdate(doc)])
      doc.destroy()
    }
  }

  /** The open session a join code leads to (the join page names it before anyone types). */
  byCode(code: string): SessionRow | undefined {
    return this.store.findOpenSessionByCode(code)
  }

  /** Joins an open session by its code; undefined when no open session has it. */
  join(input: JoinInput): { session: SessionRow; participantToken: string; participantId: string } | 'full' | undefined {
    const session = this.store.findOpenSessionByCode(input.code)
    if (!session) return undefined
    if (this.store.countParticipants(session.id) >= LIMITS.participantsPerSession) return 'full'
    const participantToken = newSecret()
    const participantId = newParticipantId()
    const table = input.table && session.tables.includes(input.table) ? input.table : ''
    this.store.addToken(hashSecret(participantToken), {
      sessionId: session.id,
      role: 'participant',
      participantId,
      name: input.name ?? '',
      table,
    })
    return { session, participantToken, participantId }
  }

  /** A new projector link for the facilitator (the original token is only stored as a hash). */
  newProjectorToken(sessionId: string): string {
    const token = newSecret()
    this.store.addToken(hashSecret(token), { sessionId, role: 'projector', participantId: '', name: '', table: '' })
    return token
  }

  /** Who holds this secret in this session, or undefined. Compared in constant time. */
  authenticate(sessionId: string, secret: string | undefined): Principal | undefined {
    if (!secret || secret.length > 256) return undefined
    const hash = hashSecret(secret)
    const row: (TokenRow & { hash: Uint8Array }) | undefined = this.store.findToken(hash)
    if (!row || !secretMatches(secret, row.hash) || row.sessionId !== sessionId || row.revokedAt !== null) return undefined
    return {
      role: row.role,
      sessionId,
      id: row.role === 'participant' ? row.participantId : row.role,
      name: row.name,
      table: row.table,
      tokenHash: hash.toString('hex'),
    }
  }

  setParticipantTable(principal: Principal, table: string): void {
    this.store.setTokenTable(Buffer.from(principal.tokenHash, 'hex'), table)
  }

  participants(sessionId: string) {
    return this.store.listParticipants(sessionId)
  }

  /** Returns the hex hashes of the revoked tokens, to close their sockets. */
  revokeParticipant(sessionId: string, participantId: string): string[] {
    return this.store.revokeParticipant(sessionId, participantId).map((h) => Buffer.from(h).toString('hex'))
  }

  assignTable(sessionId: string, participantId: string, table: string): string[] {
    return this.store.setParticipantTable(sessionId, participantId, table).map((h) => Buffer.from(h).toString('hex'))
  }

  /** Adds tables to a running session (existing names stay, so no note loses its table). */
  addTables(sessionId: string, names: string[]): string[] | null {
    const session = this.store.getSession(sessionId)
    if (!session) return null
    const tables = normalizeTables([...session.tables, ...names])
    if (tables.length > TABLES_MAX) return null
    this.store.setTables(sessionId, tables)
    return tables
  }

  get(sessionId: string): SessionRow | undefined {
    return this.store.getSession(sessionId)
  }

  participantCount(sessionId: string): number {
    return this.store.countParticipants(sessionId)
  }
}
