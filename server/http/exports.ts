/**
 * Plan exports and backups, and 賛成 on plan items.
 * - GET /api/sessions/{id}/export.docx | export.xlsx | export.csv | plan.csv | export.md | export.json
 *   (facilitator key as Bearer; `?lang=en` for English labels)
 * - POST /api/sessions/import: a backup restored as a new session
 * - GET|POST /api/sessions/{id}/agree: a participant's 賛成 (once per item), while the plan is open
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError, readJson, sendFile, sendJson } from './util.ts'
import type { ApiDeps } from './api.ts'
import { requireRole, createdSessionBody } from './api.ts'
import { encodeDocs, readExportData } from '../export/data.ts'
import { buildReport, groupsSheet, labelsFor, notesSheet, planSheet, resourcesSheet } from '../export/report.ts'
import { toCsv } from '../export/csv.ts'
import { toMarkdown } from '../export/markdown.ts'
import { BackupError, makeBackup, readBackup } from '../export/backup.ts'
import { cutChars, isPlainObject, own } from '../../shared/validate.ts'
import { LIMITS } from '../../shared/limits.ts'

const EXPORT_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/(export\.(?:docx|xlsx|csv|md|json)|plan\.csv)$/
const AGREE_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/agree$/
/** Two documents at the size limit, in base64, with room for the readable copy. */
const MAX_BACKUP_BYTES = LIMITS.documentBytes * 3 + 1024 * 1024

/**
 * The Word and Excel writers (docx, exceljs: about 28 MB of heap together) load on the first export, not
 * with the server: a hall's laptop may run a whole session without ever exporting.
 */
const loadDocx = () => import('../export/docx.ts').then((m) => m.toDocx)
const loadXlsx = () => import('../export/xlsx.ts').then((m) => m.toXlsx)

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

/**
 * A file name from the session title, safe on Windows and macOS. Cut at 60 characters, not UTF-16 units:
 * cut through a pair (𠮷, an emoji) it would hold half a character, which no header can carry.
 */
const fileName = (title: string, suffix: string, ext: string): string =>
  `${cutChars(title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_'), 60)}_${suffix}.${ext}`

/** Handles the routes above; false for any other path. */
export async function routeExports(req: IncomingMessage, res: ServerResponse, pathname: string, deps: ApiDeps): Promise<boolean> {
  const method = req.method ?? 'GET'
  if (pathname === '/api/sessions/import' && method === 'POST') {
    await importBackup(req, res, deps)
    return true
  }
  const exportMatch = EXPORT_PATH.exec(pathname)
  if (exportMatch && method === 'GET') {
    await sendExport(req, res, exportMatch[1]!, exportMatch[2]!, deps)
    return true
  }
  const agreeMatch = AGREE_PATH.exec(pathname)
  if (agreeMatch && (method === 'GET' || method === 'POST')) {
    await agree(req, res, agreeMatch[1]!, method, deps)
    return true
  }
  return false
}

async function sendExport(req: IncomingMessage, res: ServerResponse, sessionId: string, what: string, deps: ApiDeps): Promise<void> {
  requireRole(req, sessionId, deps, ['facilitator'])
  const session = deps.sessions.get(sessionId)
  if (!session) throw new HttpError(404, 'not-found', 'error.notFound')
  const lang = new URL(req.url ?? '/', 'http://x').searchParams.get('lang') === 'en' ? 'en' : 'ja'
  const L = labelsFor(lang)
  const data = readExportData(deps.rooms, session, deps.sessions.participantCount(sessionId))
  const planName = L.t('plan.heading')
  switch (what) {
    case 'export.docx':
      return sendFile(res, await (await loadDocx())(buildReport(data, L), L.t('export.doc.title', { title: session.title })), TYPES.docx, fileName(session.title, planName, 'docx'))
    case 'export.xlsx':
      return sendFile(res, await (await loadXlsx())([notesSheet(data, L), groupsSheet(data, L), planSheet(data, L), resourcesSheet(data, L)], session.title), TYPES.xlsx, fileName(session.title, L.t('export.file.workbook'), 'xlsx'))
    case 'export.csv':
      return sendFile(res, toCsv(notesSheet(data, L)), TYPES.csv, fileName(session.title, L.t('export.sheet.notes'), 'csv'))
    case 'plan.csv':
      return sendFile(res, toCsv(planSheet(data, L)), TYPES.csv, fileName(session.title, planName, 'csv'))
    case 'export.md':
      return sendFile(res, toMarkdown(buildReport(data, L)), TYPES.md, fileName(session.title, planName, 'md'))
    default: {
      const backup = makeBackup(data, encodeDocs(deps.rooms, sessionId))
      return sendFile(res, JSON.stringify(backup), TYPES.json, fileName(session.title, 'backup', 'json'))
    }
  }
}

/** Anyone who may create a session may restore one: the backup becomes a new session with new keys. */
async function importBackup(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  let restored
  try {
    restored = readBackup(await readJson(req, MAX_BACKUP_BYTES))
  } catch (error) {
    if (error instanceof BackupError) throw new HttpError(422, 'bad-backup', error.messageKey, error.params)
    if (error instanceof HttpError && error.status === 400) throw new HttpError(422, 'bad-backup', 'error.importFormat')
    if (error instanceof HttpError && error.status === 413) throw new HttpError(413, 'too-large', 'error.fileTooLarge', { mb: Math.round(MAX_BACKUP_BYTES / 1024 / 1024) })
    throw error
  }
  const created = deps.sessions.create(restored.session, restored.docs)
  sendJson(res, 201, createdSessionBody(req, deps, created))
}

/** GET: the items this participant agreed with. POST {itemId, agree}: marks or unmarks 賛成 (once per item). */
async function agree(req: IncomingMessage, res: ServerResponse, sessionId: string, method: string, deps: ApiDeps): Promise<void> {
  const me = requireRole(req, sessionId, deps, ['participant'])
  if (method === 'POST') {
    const body = await readJson(req)
    const itemId = isPlainObject(body) ? own(body, 'itemId') : undefined
    const value = isPlainObject(body) ? own(body, 'agree') : undefined
    if (typeof itemId !== 'string' || itemId.length > 64 || typeof value !== 'boolean') throw new HttpError(400, 'invalid', 'error.badRequest')
    const outcome = deps.agreements.set(sessionId, me.id, itemId, value)
    if (outcome === 'closed') throw new HttpError(409, 'plan-closed', 'error.planNotOpen')
    if (outcome === 'unknown-item') throw new HttpError(404, 'item-gone', 'error.planItemGone')
  }
  sendJson(res, 200, { mine: deps.agreements.mine(sessionId, me.id) })
}
