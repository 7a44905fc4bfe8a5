/** The JSON API: create a session, join by code, session info, projector link, QR, time. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import QRCode from 'qrcode'
import { HttpError, clientAddress, readJson, sendError, sendJson } from './util.ts'
import { FailureLimiter, bearerToken } from '../auth.ts'
import type { Principal, Sessions } from '../sessions.ts'
import type { Rooms } from '../rooms.ts'
import type { Votes } from '../votes.ts'
import type { Agreements } from '../agree.ts'
import { routeExports } from './exports.ts'
import { countUnrevealed, revealPrivateNotes } from '../reveal.ts'
import { similarNotes, suggestForBoard, suggestForText } from './suggest.ts'
import { NICKNAME_MAX, isCanvas } from '../../shared/schema.ts'
import { LIMITS } from '../../shared/limits.ts'
import { publicBaseUrl, usesLanAddress, type LanChoice } from '../net.ts'
import type { ServerConfig } from '../config.ts'
import { SESSION_PROBLEMS, isJoinCodeShape, normalizeJoinCode, sessionProblem, validateJoinInput, validateSessionInput, type CreatedSession, type SessionProblem, type JoinResult, type SessionInfo } from '../../shared/session.ts'
import { logError } from '../log.ts'
import { CloseCode, type Role } from '../../shared/protocol.ts'
import { isPlainObject, own } from '../../shared/validate.ts'

export interface ApiDeps {
  sessions: Sessions
  rooms: Rooms
  votes: Votes
  agreements: Agreements
  config: ServerConfig
  joinLimiter: FailureLimiter
  /** This machine's LAN addresses and the one links use (see net.ts). */
  lan: LanChoice
  /** The port actually bound (config.port may be 0). */
  port: () => number
}

const SESSION_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})(\/[a-z-]+)?$/
const PARTICIPANT_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/participants\/([A-Za-z0-9_-]{1,64})\/(revoke|table)$/

/** Handles /api/* and /healthz; returns false for other paths. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, deps: ApiDeps): Promise<boolean> {
  if (pathname === '/healthz') {
    sendJson(res, 200, { ok: true })
    return true
  }
  if (!pathname.startsWith('/api/')) return false
  try {
    await route(req, res, pathname, deps)
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error)
    else {
      logError(`api ${req.method} ${pathname}`, error)
      sendError(res, new HttpError(500, 'internal', 'error.unknown'))
    }
  }
  return true
}

async function route(req: IncomingMessage, res: ServerResponse, pathname: string, deps: ApiDeps): Promise<void> {
  const method = req.method ?? 'GET'
  if (pathname === '/api/time' && method === 'GET') {
    sendJson(res, 200, { now: Date.now() })
    return
  }
  if (pathname === '/api/sessions' && method === 'POST') return createSession(req, res, deps)
  if (pathname === '/api/join' && method === 'POST') return join(req, res, deps)
  const code = JOIN_CODE_PATH.exec(pathname)
  if (code && method === 'GET') return checkCode(req, res, code[1]!, deps)
  if (await routeExports(req, res, pathname, deps)) return
  const p = PARTICIPANT_PATH.exec(pathname)
  if (p && method === 'POST') return manageParticipant(req, res, p[1]!, p[2]!, p[3] as 'revoke' | 'table', deps)
  const match = SESSION_PATH.exec(pathname)
  if (match) {
    const sessionId = match[1]!
    const action = match[2] ?? ''
    if (action === '' && method === 'GET') return sessionInfo(req, res, sessionId, deps)
    if (action === '/join-qr' && method === 'GET') return joinQr(req, res, sessionId, deps)
    if (action === '/lan-address' && method === 'PUT') return chooseLanAddress(req, res, sessionId, deps)
    if (action === '/projector-link' && method === 'POST') return projectorLink(req, res, sessionId, deps)
    if (action === '/me' && method === 'POST') return updateMe(req, res, sessionId, deps)
    if (action === '/participants' && method === 'GET') return listParticipants(req, res, sessionId, deps)
    if (action === '/vote' && method === 'POST') return runVote(req, res, sessionId, deps)
    if (action === '/reveal' && method === 'POST') return reveal(req, res, sessionId, deps)
    if (action === '/reveal' && method === 'GET') return unrevealed(req, res, sessionId, deps)
    if (action === '/tables' && method === 'POST') return addTables(req, res, sessionId, deps)
    if (action === '/dots' && method === 'GET') return myDots(req, res, sessionId, deps)
    if (action === '/dots' && method === 'POST') return placeDot(req, res, sessionId, deps)
    if (action === '/suggest-groups' && method === 'POST') return suggestForText(req, res, sessionId, deps)
    if (action === '/suggest-board' && method === 'POST') return suggestForBoard(req, res, sessionId, deps)
    if (action === '/similar-notes' && method === 'POST') return similarNotes(req, res, sessionId, deps)
  }
  throw new HttpError(404, 'not-found', 'error.notFound')
}

function baseUrl(req: IncomingMessage, deps: ApiDeps): string {
  return publicBaseUrl(req, { publicUrl: deps.config.publicUrl, bindHost: deps.config.host, port: deps.port(), lan: deps.lan })
}

/** A 400 naming what is wrong with a session's fields, and the limit (see SESSION_PROBLEMS). */
function sessionRefusal(problem: SessionProblem): HttpError {
  const { key, params } = SESSION_PROBLEMS[problem]
  return new HttpError(400, problem, key, params)
}

async function createSession(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const parsed = validateSessionInput(await readJson(req))
  if (!parsed.ok) {
    // A code per problem and a message naming the field and its limit: the form marks that field.
    throw sessionRefusal(sessionProblem(parsed.issues))
  }
  sendJson(res, 201, createdSessionBody(req, deps, deps.sessions.create(parsed.value)))
}

/** The answer to creating (or restoring) a session: its keys, once, in the links' fragments. */
export function createdSessionBody(req: IncomingMessage, deps: ApiDeps, created: ReturnType<Sessions['create']>): CreatedSession {
  const { session, facilitatorKey, projectorToken } = created
  const base = baseUrl(req, deps)
  return {
    sessionId: session.id,
    joinCode: session.joinCode,
    facilitatorKey,
    urls: {
      facilitator: `${base}/s/${session.id}/facilitator#key=${facilitatorKey}`,
      participant: `${base}/j/${session.joinCode}`,
      projector: `${base}/s/${session.id}/projector#token=${projectorToken}`,
    },
  }
}

const JOIN_CODE_PATH = /^\/api\/join\/([^/]+)$/

/** Wrong codes count against the address, whether tried by joining or by asking (no guessing either way). */
function limitJoins(req: IncomingMessage, deps: ApiDeps): string {
  const ip = clientAddress(req)
  const limiter = deps.joinLimiter
  if (!limiter.allows(ip)) {
    const seconds = limiter.retryAfterSeconds(ip)
    throw new HttpError(429, 'rate-limited', 'error.rateLimited', { seconds }, { 'Retry-After': String(seconds) })
  }
  return ip
}

/** The join page asks as it opens: a wrong code is said before anyone types a name, a right one named. */
async function checkCode(req: IncomingMessage, res: ServerResponse, raw: string, deps: ApiDeps): Promise<void> {
  const ip = limitJoins(req, deps)
  let code = ''
  try {
    code = normalizeJoinCode(decodeURIComponent(raw))
  } catch {
    // A broken %-escape: not a code either.
  }
  if (!isJoinCodeShape(code)) {
    deps.joinLimiter.record(ip)
    throw new HttpError(400, 'invalid-code', 'error.codeShape')
  }
  const session = deps.sessions.byCode(code)
  if (!session) {
    deps.joinLimiter.record(ip)
    throw new HttpError(404, 'wrong-code', 'error.wrongCode')
  }
  // The tables too: a table's own card (its QR carries `?t=`) is checked against them, and the page names it.
  sendJson(res, 200, { title: session.title, tables: session.tables })
}

async function join(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const ip = limitJoins(req, deps)
  const limiter = deps.joinLimiter
  const parsed = validateJoinInput(await readJson(req))
  // A nickname or table that is not one is said as such, before the code is looked at (so it tells nothing
  // of the code, and is not a failed join): a long nickname was answered 「参加コードは6けたの数字です。」.
  const fieldIssue = parsed.ok ? undefined : parsed.issues.find((issue) => issue.path === 'name' || issue.path === 'table')
  if (fieldIssue?.path === 'name' && fieldIssue.reason === 'too-long') throw new HttpError(400, 'name-too-long', 'error.nameTooLong', { max: NICKNAME_MAX })
  if (fieldIssue) throw new HttpError(400, 'invalid', 'error.badRequest')
  if (!parsed.ok || !isJoinCodeShape(parsed.value.code)) {
    limiter.record(ip)
    throw new HttpError(400, 'invalid-code', 'error.codeShape')
  }
  const joined = deps.sessions.join(parsed.value)
  if (!joined) {
    limiter.record(ip)
    throw new HttpError(404, 'wrong-code', 'error.wrongCode')
  }
  if (joined === 'full') throw new HttpError(409, 'session-full', 'error.sessionFull', { max: LIMITS.participantsPerSession })
  const body: JoinResult = {
    sessionId: joined.session.id,
    participantToken: joined.participantToken,
    participantId: joined.participantId,
  }
  sendJson(res, 200, body)
}

export function requireRole(req: IncomingMessage, sessionId: string, deps: Pick<ApiDeps, 'sessions'>, roles: readonly Role[]): Principal {
  const principal = deps.sessions.authenticate(sessionId, bearerToken(req.headers.authorization))
  if (!principal || !roles.includes(principal.role)) throw new HttpError(401, 'unauthorized', 'error.unauthorized')
  return principal
}

function sessionInfo(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  const principal = requireRole(req, sessionId, deps, ['facilitator', 'participant', 'projector'])
  const session = deps.sessions.get(sessionId)
  if (!session) throw new HttpError(404, 'not-found', 'error.notFound')
  const info: SessionInfo & { participantCount: number } = {
    sessionId,
    title: session.title,
    kind: session.kind,
    venue: session.venue,
    date: session.date,
    tables: session.tables,
    joinCode: session.joinCode,
    createdAt: session.createdAt,
    role: principal.role,
    participantCount: deps.sessions.participantCount(sessionId),
  }
  if (principal.role === 'participant') info.participant = { id: principal.id, name: principal.name, table: principal.table }
  sendJson(res, 200, info)
}

async function joinQr(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator', 'projector'])
  const session = deps.sessions.get(sessionId)
  if (!session) throw new HttpError(404, 'not-found', 'error.notFound')
  // `?table=`: the link of one table's card (参加カード), which seats whoever joins by it at that table.
  const table = new URL(req.url ?? '/', 'http://x').searchParams.get('table')
  if (table !== null && !session.tables.includes(table)) throw new HttpError(400, 'unknown-table', 'error.unknownTable')
  const url = `${baseUrl(req, deps)}/j/${session.joinCode}${table === null ? '' : `?t=${encodeURIComponent(table)}`}`
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  // Opened on the laptop itself: which of its addresses the link carries, and the others it could.
  const lan = usesLanAddress(req, lanOptions(deps)) ? { addresses: deps.lan.current().addresses, chosen: new URL(url).hostname } : undefined
  sendJson(res, 200, { url, joinCode: session.joinCode, svg, ...(lan ? { lan } : {}) })
}

const lanOptions = (deps: ApiDeps) => ({ publicUrl: deps.config.publicUrl, bindHost: deps.config.host, lan: deps.lan })

/** The facilitator, on the laptop that runs the server, picks which of its addresses QR codes carry. */
async function chooseLanAddress(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator'])
  // Only where links take the LAN address at all: on the laptop itself, bound to every interface, no PUBLIC_URL.
  if (!usesLanAddress(req, lanOptions(deps))) throw new HttpError(403, 'lan-address-fixed', 'error.lanAddressFixed')
  const body = await readJson(req)
  const address = typeof body === 'object' && body !== null ? (body as { address?: unknown }).address : undefined
  if (typeof address !== 'string' || !deps.lan.choose(address)) throw new HttpError(400, 'unknown-address', 'error.unknownLanAddress')
  sendJson(res, 200, { addresses: deps.lan.current().addresses, chosen: address })
}

function projectorLink(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  requireRole(req, sessionId, deps, ['facilitator'])
  const token = deps.sessions.newProjectorToken(sessionId)
  sendJson(res, 200, { token, url: `${baseUrl(req, deps)}/s/${sessionId}/projector#token=${token}` })
}

/** A participant picks their table (one of the session's). */
async function updateMe(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  const principal = requireRole(req, sessionId, deps, ['participant'])
  const table = requireTable(await readJson(req), sessionId, deps)
  deps.sessions.setParticipantTable(principal, table)
  deps.rooms.updateIdentity(principal.tokenHash, { table })
  sendJson(res, 200, { table })
}

/** `{table}` naming one of the session's tables (own properties only). */
function requireTable(body: unknown, sessionId: string, deps: ApiDeps): string {
  const table = isPlainObject(body) ? own(body, 'table') : undefined
  if (typeof table !== 'string' || !deps.sessions.get(sessionId)?.tables.includes(table)) throw new HttpError(400, 'unknown-table', 'error.unknownTable')
  return table
}

function listParticipants(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  requireRole(req, sessionId, deps, ['facilitator'])
  sendJson(res, 200, { participants: deps.sessions.participants(sessionId) })
}

/** The facilitator removes a participant (their token stops working and their sockets close) or seats them at a table. */
async function manageParticipant(req: IncomingMessage, res: ServerResponse, sessionId: string, participantId: string, action: 'revoke' | 'table', deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator'])
  if (!deps.sessions.participants(sessionId).some((p) => p.id === participantId)) throw new HttpError(404, 'participant-not-found', 'error.participantNotFound')
  if (action === 'revoke') {
    const hashes = deps.sessions.revokeParticipant(sessionId, participantId)
    let closed = 0
    for (const hash of hashes) closed += deps.rooms.closeByToken(hash, CloseCode.Unauthorized, 'removed by the facilitator')
    sendJson(res, 200, { revoked: hashes.length, closedSockets: closed })
    return
  }
  const table = requireTable(await readJson(req), sessionId, deps)
  // Their tablet only knows its table from the session record: its sockets close, so it reads it again
  // as it reconnects (with its old table, its next note would be refused as another table's).
  for (const hash of deps.sessions.assignTable(sessionId, participantId, table)) deps.rooms.closeByToken(hash, CloseCode.Reseated, 'seated at another table')
  sendJson(res, 200, { table })
}

/** The facilitator opens a vote on a canvas ({action: 'open', canvas, dots?, onePerNote?, live?}) or closes it. */
async function runVote(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator'])
  const body = await readJson(req)
  if (!isPlainObject(body)) throw new HttpError(400, 'invalid', 'error.badRequest')
  const action = own(body, 'action')
  if (action === 'close') {
    sendJson(res, 200, { vote: deps.votes.close(sessionId) })
    return
  }
  const canvas = own(body, 'canvas')
  const dots = own(body, 'dots')
  if (action !== 'open' || !isCanvas(canvas) || (dots !== undefined && (typeof dots !== 'number' || !Number.isFinite(dots)))) {
    throw new HttpError(400, 'invalid', 'error.badRequest')
  }
  const vote = deps.votes.open(sessionId, {
    canvas,
    ...(typeof dots === 'number' ? { dots } : {}),
    onePerNote: own(body, 'onePerNote') === true,
    live: own(body, 'live') === true,
  })
  sendJson(res, 200, { vote })
}

function myDots(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  const me = requireRole(req, sessionId, deps, ['participant'])
  sendJson(res, 200, deps.votes.mine(sessionId, me.id))
}

const DOT_ERRORS = {
  'no-vote': 'error.noVote',
  'round-closed': 'error.roundClosed',
  'unknown-note': 'error.noteGone',
  'other-canvas': 'error.otherCanvas',
  'no-dots-left': 'error.noDotsLeft',
  'one-per-note': 'error.onePerNote',
} as const

/**
 * A participant places a dot on a note ({noteId}) or takes one back ({noteId, remove: true}); `roundId`
 * (optional) names the vote it was meant for, so a dot kept on a tablet while offline cannot land in a
 * later vote.
 */
async function placeDot(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  const me = requireRole(req, sessionId, deps, ['participant'])
  const body = await readJson(req)
  const noteId = isPlainObject(body) ? own(body, 'noteId') : undefined
  const roundId = isPlainObject(body) ? own(body, 'roundId') : undefined
  if (typeof noteId !== 'string' || noteId.length > 64) throw new HttpError(400, 'invalid', 'error.badRequest')
  if (roundId !== undefined && (typeof roundId !== 'string' || roundId.length > 64)) throw new HttpError(400, 'invalid', 'error.badRequest')
  const outcome = isPlainObject(body) && own(body, 'remove') === true ? deps.votes.remove(sessionId, me.id, noteId, roundId) : deps.votes.place(sessionId, me.id, noteId, roundId)
  if (outcome !== 'ok') throw new HttpError(409, outcome, DOT_ERRORS[outcome])
  sendJson(res, 200, deps.votes.mine(sessionId, me.id))
}

/** 公開: the facilitator puts everyone's 個人ワーク notes on the board. */
function reveal(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  requireRole(req, sessionId, deps, ['facilitator'])
  sendJson(res, 200, { moved: revealPrivateNotes(deps.rooms, deps.sessions, sessionId) })
}

/** How many 個人ワーク notes wait for 公開 (in no export until then). */
function unrevealed(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): void {
  requireRole(req, sessionId, deps, ['facilitator'])
  sendJson(res, 200, { unrevealed: countUnrevealed(deps.rooms, deps.sessions, sessionId) })
}

/** The facilitator adds tables during the session ({tables: string[]}). */
async function addTables(req: IncomingMessage, res: ServerResponse, sessionId: string, deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator'])
  const body = await readJson(req)
  const parsed = validateSessionInput({ title: 'x', kind: 'workshop', tables: isPlainObject(body) ? own(body, 'tables') : undefined })
  // The same codes and messages as when the session was made (テーブル名は20文字までです。…).
  if (!parsed.ok) throw sessionRefusal(sessionProblem(parsed.issues))
  const names = parsed.value.tables ?? []
  if (names.length === 0) throw new HttpError(400, 'invalid', 'error.badRequest')
  const tables = deps.sessions.addTables(sessionId, names)
  if (!tables) throw sessionRefusal('too-many-tables')
  sendJson(res, 200, { tables })
}
