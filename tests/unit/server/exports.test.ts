/**
 * Plan exports through the real server: Word, Excel, CSV, Markdown and the JSON backup, built from the
 * sample 住民懇談会 with real votes, read back with JSZip and exceljs; the restore; and 賛成.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { createSession, join, postJson, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { synced, yClient, type YClient } from '../../helpers/clients.ts'
import { loadSampleFixture, seedBoardWithGroups, seedPlan } from '../../helpers/seed.ts'
import { addPlanItem, listPlanItems, PLAN_FIELD_MAX, planFieldRows, readPlanAgree, setPlanOpen, W5H2_KEYS, PLAN_TEXT_KEYS, type PlanItem } from '../../../shared/plan.ts'
import { labelsFor } from '../../../server/export/report.ts'
import { readBoard } from '../../../shared/board.ts'
import { readControl } from '../../../shared/control.ts'
import { addNote, setNoteHidden } from '../../../shared/ops/notes.ts'
import { groupNotes } from '../../../shared/ops/groups.ts'
import { gatherGroup, gatherNote } from '../../../shared/ops/plenary.ts'
import { parseCsv, unescapeCell } from '../../../server/export/csv.ts'
import { BACKUP_FORMAT } from '../../../server/export/backup.ts'
import { ROW_MAX_PT } from '../../../server/export/xlsx.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

const fixture = loadSampleFixture()
const EXPORTS = ['export.docx', 'export.xlsx', 'export.csv', 'plan.csv', 'export.md', 'export.json'] as const

/** The text of a .docx, one line per paragraph (runs joined), XML entities decoded. */
async function docxText(buffer: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer)
  const xml = await zip.file('word/document.xml')!.async('string')
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] === undefined ? '\n' : decode(m[1]))).join(''))
    .join('\n')
}

/**
 * The scale Excel prints a sheet at with fitToWidth pages across: the columns laid out as Excel does (a
 * width of w characters is 7w+5 px at 96 dpi, the repeated columns on every page), on the sheet's paper
 * (landscape) within its margins, shrunk by hundredths until they fit.
 */
function printScale(ws: ExcelJS.Worksheet): number {
  const setup = ws.pageSetup
  const paperMm = setup.paperSize === (8 as ExcelJS.PaperSize) ? 420 : 297
  const margins = setup.margins ?? { left: 0.7, right: 0.7 }
  const pagePx = (paperMm / 25.4 - margins.left - margins.right) * 96
  const repeat = setup.printTitlesColumn ? setup.printTitlesColumn.split(':')[1]!.charCodeAt(0) - 64 : 0
  const px = (c: number) => (ws.getColumn(c).width ?? 9) * 7 + 5
  const repeated = Array.from({ length: repeat }, (_, i) => px(i + 1)).reduce((a, b) => a + b, 0)
  const pagesAt = (scale: number) => {
    let pages = 1
    let used = repeated * scale
    for (let c = repeat + 1; c <= ws.columnCount; c++) {
      if (used + px(c) * scale > pagePx) {
        pages++
        used = repeated * scale
      }
      used += px(c) * scale
    }
    return pages
  }
  let scale = 1
  while (pagesAt(scale) > (setup.fitToWidth ?? 1)) scale -= 0.01
  return Math.round(scale * 100) / 100
}

/** Every value a person typed into a plan item, line by line. */
const fieldLines = (item: PlanItem): string[] =>
  [...PLAN_TEXT_KEYS.map((k) => item[k]), ...W5H2_KEYS.map((k) => item.w5h2[k]), item.category]
    .flatMap((v) => v.split('\n'))
    .filter((line) => line.trim() !== '')

describe('exports of a finished 住民懇談会', () => {
  let t: TestServer
  let s: CreatedSession
  let board: YClient
  let control: YClient
  let items: PlanItem[]
  let voters: JoinResult[]
  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  const get = (path: string, token?: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, token ? { headers: auth(token) } : {})

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http, { ...fixture.session })
    board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await Promise.all([synced(board), synced(control)])
    const { notes, groupIds } = seedBoardWithGroups(board.doc, fixture)
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => serverBoard.getMap('notes').size === notes.length, 'board stored')
    voters = [await join(t.http, s.joinCode, 'さくら'), await join(t.http, s.joinCode), await join(t.http, s.joinCode, 'たけし')]
    // A real vote on the needs: two dots on the first note, one on the second.
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'open', canvas: 'need', dots: 3 }, auth(s.facilitatorKey))).status).toBe(200)
    for (const [voter, note] of [
      [voters[0]!, notes[0]!],
      [voters[1]!, notes[0]!],
      [voters[2]!, notes[1]!],
    ] as const) {
      expect((await postJson(t.http, `/api/sessions/${s.sessionId}/dots`, { noteId: note.id }, auth(voter.participantToken))).status).toBe(200)
    }
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/vote`, { action: 'close' }, auth(s.facilitatorKey))).status).toBe(200)
    await waitFor(() => readControl(control.doc).vote?.status === 'closed', 'vote closed on the client')
    items = seedPlan(control.doc, board.doc, groupIds, fixture, readControl(control.doc).vote!.totals)
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).length === items.length, 'plan stored')
  })
  afterAll(async () => {
    board.destroy()
    control.destroy()
    await t.close()
  })

  it('answers 401 to every export without the facilitator key, with a wrong one, or with a participant token', async () => {
    for (const path of EXPORTS) {
      for (const token of [undefined, 'wrong-key', voters[0]!.participantToken]) {
        const res = await get(path, token)
        expect(res.status, `${path} with ${token ?? 'nothing'}`).toBe(401)
        expect(((await res.json()) as { message: string }).message).toMatch(/[ぁ-ん]/)
      }
    }
  })

  it('builds a Word document with the session record, the voices with votes and every field of every plan item', async () => {
    const res = await get('export.docx', s.facilitatorKey)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('wordprocessingml')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('計画案'))
    const buffer = await res.arrayBuffer()
    const text = await docxText(buffer)
    expect(text).toContain(`${fixture.session.title} 計画案`)
    // A plan item's name (Heading 4) stands out on paper: bold, upright, larger than the text.
    const styles = await (await JSZip.loadAsync(buffer)).file('word/styles.xml')!.async('string')
    const heading4 = /<w:style [^>]*w:styleId="Heading4"[\s\S]*?<\/w:style>/.exec(styles)?.[0] ?? ''
    expect(heading4).toMatch(/<w:b\/>|<w:b w:val="(true|1|on)"\/>/)
    expect(heading4).toMatch(/<w:i w:val="(false|0|off)"\/>/)
    expect(heading4).toContain('<w:sz w:val="24"/>')
    for (const v of [fixture.session.venue, '住民懇談会', ...fixture.session.tables, '3人']) expect(text).toContain(v)
    // Dates as a Japanese document writes them, not 2026-10-18 nor 2026/11/23.
    expect(fixture.session.date).toBe('2026-10-18')
    expect(text).toContain('日付\n2026年10月18日（日）')
    expect(text).not.toContain('2026-10-18')
    expect(text).toMatch(/Yoriai（よりあい）で作成 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
    // Needs by group, with the vote totals and 代筆 speakers.
    const first = fixture.notes[0]!
    expect(text).toContain(`${first.text}（2票・70代・住民）`)
    expect(text).toContain(`【${fixture.groups[0]!.title}】（3票）`)
    const labels = labelsFor('ja')
    for (const item of items) {
      for (const line of fieldLines(item)) expect(text, `${item.title}: ${line}`).toContain(line)
      // The chosen values of 区分, 圏域, 状態 and both scores, by their labels.
      const rows = planFieldRows(item, labels.t, 0).map(([label, value]) => `${label}\n${value}`)
      for (const row of rows.slice(1)) expect(text, `${item.title}: ${row}`).toContain(row)
    }
    // The priority matrix as a table: its corner label is there.
    expect(text).toContain('波及効果＼実現可能性')
  })

  it('builds an Excel workbook whose sheets hold every note and every field of every plan item', async () => {
    const res = await get('export.xlsx', s.facilitatorKey)
    expect(res.status).toBe(200)
    // It holds the plan and the resources too, so it is not named after the notes alone.
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${fixture.session.title}_記録と計画案.xlsx`)}`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['付箋', 'グループ', '計画案', '資源'])
    const rows = (name: string) => {
      const out: string[][] = []
      workbook.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
      return out
    }
    const notes = rows('付箋')
    expect(notes.length - 1).toBe(fixture.notes.length)
    const header = notes[0]!
    const votes = header.indexOf('票数')
    const author = header.indexOf('書いた人')
    const firstRow = notes.find((r) => r.includes(fixture.notes[0]!.text))!
    expect(firstRow[votes]).toBe('2')
    expect(firstRow[author]).toBe('匿名')
    expect(notes.some((r) => r[author] === 'たけし')).toBe(true)
    const plan = rows('計画案')
    expect(plan.length - 1).toBe(items.length)
    for (const item of items) {
      const row = plan.find((r) => r.includes(item.id))!
      for (const value of [...PLAN_TEXT_KEYS.map((k) => item[k]), ...W5H2_KEYS.map((k) => item.w5h2[k]), item.category].filter(Boolean)) expect(row).toContain(value)
      expect(row).toContain(String(item.impact))
      expect(row).toContain(String(item.feasibility))
    }
    const resources = rows('資源')
    expect(resources.length - 1).toBe(fixture.notes.filter((n) => n.canvas === 'resource').length)
  })

  it('prints the 計画案 sheet on A3 landscape at 80 % or more, its header and 名称 on every page', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx', s.facilitatorKey)).arrayBuffer())
    const ws = workbook.getWorksheet('計画案')!
    const setup = ws.pageSetup
    expect(setup.paperSize).toBe(8) // A3
    expect(setup.orientation).toBe('landscape')
    expect(setup.printTitlesRow).toBe('1:1')
    expect(setup.printTitlesColumn).toBe('A:A')
    expect(ws.getRow(2).alignment?.wrapText).toBe(true)
    expect(setup.fitToPage).toBe(true)
    expect(printScale(ws)).toBeGreaterThanOrEqual(0.8)
    expect(setup.fitToHeight).toBe(0)
  })

  it('prints the 付箋 and グループ sheets on A3 landscape, one page across at about 85 % or more, the header row on every page', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx', s.facilitatorKey)).arrayBuffer())
    const scales: Record<string, number> = {}
    for (const name of ['付箋', 'グループ']) {
      const ws = workbook.getWorksheet(name)!
      const setup = ws.pageSetup
      expect(setup, name).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' })
      scales[name] = printScale(ws)
    }
    // On A4 (as before) the 付箋 sheet printed at about 60 %, its text 6.6 pt.
    expect(scales['付箋']).toBeGreaterThanOrEqual(0.84)
    expect(scales['付箋']).toBeLessThan(0.9)
    expect(scales['グループ']).toBeGreaterThanOrEqual(0.95)
  })

  it('gives the ID column room for its ids, and a row the height of its wrapped text', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx', s.facilitatorKey)).arrayBuffer())
    for (const name of ['付箋', 'グループ', '計画案', '資源']) {
      const ws = workbook.getWorksheet(name)!
      const header = (ws.getRow(1).values as unknown[]).map(String)
      const column = header.lastIndexOf('ID')
      expect(column, name).toBeGreaterThan(0)
      let longest = 0
      ws.eachRow((row, n) => {
        if (n > 1) longest = Math.max(longest, String(row.getCell(column).value).length)
      })
      expect(longest, name).toBeGreaterThan(0)
      // Ids are Latin letters and digits, about one width unit each; two more for the cell's padding.
      expect(ws.getColumn(column).width!, name).toBeGreaterThanOrEqual(longest + 2)
    }
    // LibreOffice prints a row with no height at one line: a note that wraps must carry its height.
    const notes = workbook.getWorksheet('付箋')!
    const textColumn = (notes.getRow(1).values as unknown[]).map(String).indexOf('付箋')
    const width = notes.getColumn(textColumn).width!
    let checked = 0
    notes.eachRow((row, n) => {
      const text = String(row.getCell(textColumn).value ?? '')
      if (n === 1 || text.length * 2 <= width) return
      checked++
      expect(row.height, text).toBeGreaterThanOrEqual(2 * 15)
    })
    expect(checked).toBeGreaterThan(0)
  })

  it('writes CSV with a BOM that reads back to the same notes and plan items', async () => {
    const res = await get('export.csv', s.facilitatorKey)
    const buffer = new Uint8Array(await res.arrayBuffer())
    expect([...buffer.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(buffer))
    expect(rows.length - 1).toBe(fixture.notes.length)
    const text = rows[0]!.indexOf('付箋')
    expect(rows.slice(1).map((r) => unescapeCell(r[text]!)).sort()).toEqual(fixture.notes.map((n) => n.text).sort())
    const plan = parseCsv(await (await get('plan.csv', s.facilitatorKey)).text())
    expect(plan.length - 1).toBe(items.length)
    expect(plan[0]).toEqual(expect.arrayContaining(['取り組み名', 'なぜ', '費用', '夢の明るさ・波及効果', '実現可能性', '状態']))
  })

  it('writes Markdown with the same content as the Word document', async () => {
    const md = await (await get('export.md', s.facilitatorKey)).text()
    expect(md.startsWith(`# ${fixture.session.title} 計画案`)).toBe(true)
    for (const item of items) expect(md).toContain(item.title)
    expect(md).toContain('| なぜ |')
  })

  it('restores export.json as a new session with identical documents', async () => {
    const backup = (await (await get('export.json', s.facilitatorKey)).json()) as Record<string, unknown>
    expect(backup.format).toBe(BACKUP_FORMAT)
    expect(JSON.stringify(backup)).not.toContain(s.facilitatorKey)
    const restored = await postJson(t.http, '/api/sessions/import', backup)
    expect(restored.status).toBe(201)
    const created = restored.body as unknown as CreatedSession
    expect(created.sessionId).not.toBe(s.sessionId)
    expect(created.facilitatorKey).not.toBe(s.facilitatorKey)
    for (const kind of ['board', 'control'] as const) {
      const original = t.server.rooms.open(`${s.sessionId}/${kind}`, kind).doc
      const copy = t.server.rooms.open(`${created.sessionId}/${kind}`, kind).doc
      expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(original))
      for (const [key, type] of original.share) {
        const Type = type.constructor as new () => Y.AbstractType<unknown>
        expect(copy.get(key, Type).toJSON(), `${kind}.${key}`).toEqual(type.toJSON())
      }
    }
    // It is a working session: its facilitator can export it.
    const again = await fetch(`${t.http}/api/sessions/${created.sessionId}/export.json`, { headers: auth(created.facilitatorKey) })
    expect(((await again.json()) as { content: { planItems: unknown[] } }).content.planItems).toHaveLength(items.length)
  })

  it('restores a backup whose date is no day on the calendar (taken before such dates were refused), without the date', async () => {
    const backup = (await (await get('export.json', s.facilitatorKey)).json()) as { session: Record<string, unknown> }
    const restored = await postJson(t.http, '/api/sessions/import', { ...backup, session: { ...backup.session, date: '2026-02-30' } })
    expect(restored.status).toBe(201)
    const created = restored.body as unknown as CreatedSession
    const info = await fetch(`${t.http}/api/sessions/${created.sessionId}`, { headers: auth(created.facilitatorKey) })
    expect(((await info.json()) as { date: string; title: string }).date).toBe('')
  })

  it('refuses a damaged or foreign backup with a Japanese message and creates nothing', async () => {
    const backup = (await (await get('export.json', s.facilitatorKey)).json()) as { documents: { board: string }; version: number }
    const truncated = { ...backup, documents: { ...backup.documents, board: Buffer.from(Buffer.from(backup.documents.board, 'base64').subarray(0, 40)).toString('base64') } }
    const cases: Array<[unknown, RegExp]> = [
      [{ hello: 'world' }, /形式が正しくありません/],
      [{ ...backup, version: 99 }, /新しい版/],
      [{ ...backup, documents: { ...backup.documents, board: '***' } }, /壊れている/],
      [truncated, /壊れている/],
      [JSON.parse(JSON.stringify({ ...backup, session: { title: '' } })), /形式が正しくありません/],
    ]
    for (const [body, message] of cases) {
      const res = await postJson(t.http, '/api/sessions/import', body)
      expect(res.status).toBe(422)
      expect(res.body.message).toMatch(message)
    }
  })
})

describe('賛成 on plan items', () => {
  let t: TestServer
  let s: CreatedSession
  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
  })
  afterAll(async () => {
    await t.close()
  })

  it('counts each participant once per item, only while the plan is open', async () => {
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    const [a, b] = [await join(t.http, s.joinCode, 'A'), await join(t.http, s.joinCode, 'B')]
    const { addPlanItem } = await import('../../../shared/plan.ts')
    const item = addPlanItem(control.doc, { title: '見守り' })
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).length === 1, 'item stored')
    const agree = (p: JoinResult, itemId: string, value = true) =>
      postJson(t.http, `/api/sessions/${s.sessionId}/agree`, { itemId, agree: value }, { authorization: `Bearer ${p.participantToken}` })

    const early = await agree(a, item.id)
    expect(early.status).toBe(409)
    expect(early.body.message).toMatch(/賛成の受付/)
    setPlanOpen(control.doc, true)
    await waitFor(() => serverControl.getMap('phase').get('planOpen') === true, 'plan opened')
    expect((await agree(a, item.id)).body.mine).toEqual([item.id])
    expect((await agree(a, item.id)).status).toBe(200)
    await agree(b, item.id)
    await waitFor(() => readPlanAgree(control.doc)[item.id] === 2, 'two agreements published')
    await agree(a, item.id, false)
    await waitFor(() => readPlanAgree(control.doc)[item.id] === 1, 'one taken back')
    expect((await agree(a, 'no-such-item')).status).toBe(404)
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/agree`, { itemId: item.id, agree: true }, { authorization: `Bearer ${s.facilitatorKey}` })).status).toBe(401)
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/agree`, { itemId: item.id, agree: 'yes' }, { authorization: `Bearer ${b.participantToken}` })).status).toBe(400)
    control.destroy()
  })

  it('a participant cannot write plan items or the agreement counts into the control document', async () => {
    const p = await join(t.http, s.joinCode, 'C')
    const sneaky = yClient(t.ws, s.sessionId, 'control', p.participantToken)
    await synced(sneaky)
    const { addPlanItem, writePlanAgree } = await import('../../../shared/plan.ts')
    const before = listPlanItems(t.server.rooms.open(`${s.sessionId}/control`, 'control').doc).length
    addPlanItem(sneaky.doc, { title: '勝手な計画案' })
    writePlanAgree(sneaky.doc, 'x', 99)
    // A facilitator write after it proves the server has processed the participant's frames.
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    addPlanItem(control.doc, { title: '正しい計画案' })
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).length === before + 1, 'facilitator item stored')
    expect(listPlanItems(serverControl).map((i) => i.title)).not.toContain('勝手な計画案')
    expect(readPlanAgree(serverControl).x).toBeUndefined()
    sneaky.destroy()
    control.destroy()
  })
})

describe('tables in the order the session entered them', () => {
  const TABLES = ['練馬', '光が丘', '石神井', '大泉']

  it('every export lists 練馬・光が丘・石神井・大泉 in that order, not by character code', async () => {
    const t = await startServer()
    const s = await createSession(t.http, { tables: TABLES })
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    // Entered back to front, so neither creation time nor character code gives the session's order.
    for (const table of [...TABLES].reverse()) {
      const a = addNote(board.doc, { text: `${table}の声1`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table })
      const b = addNote(board.doc, { text: `${table}の声2`, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table })
      groupNotes(board.doc, a.id, b.id, null, `${table}のまとまり`)
    }
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => readBoard(serverBoard).groups.length === TABLES.length, 'groups stored')
    const get = async (path: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const distinct = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx')).arrayBuffer())
    for (const name of ['付箋', 'グループ']) {
      const ws = workbook.getWorksheet(name)!
      const col = (ws.getRow(1).values as string[]).indexOf('テーブル')
      const tables: string[] = []
      ws.eachRow((row, n) => n > 1 && tables.push(String(row.getCell(col).value)))
      expect(distinct(tables), name).toEqual(TABLES)
    }
    const csv = parseCsv(await (await get('export.csv')).text())
    expect(distinct(csv.slice(1).map((r) => r[csv[0]!.indexOf('テーブル')]!))).toEqual(TABLES)
    const md = await (await get('export.md')).text()
    expect(TABLES.map((x) => md.indexOf(`## ${x}`))).toEqual(TABLES.map((x) => md.indexOf(`## ${x}`)).sort((a, b) => a - b))
    const doc = await docxText(await (await get('export.docx')).arrayBuffer())
    const at = TABLES.map((x) => doc.indexOf(`${x}のまとまり`))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect(at).toEqual([...at].sort((a, b) => a - b))
    board.destroy()
    await t.close()
  })
})

describe('a group with no 表札 in the sheets', () => {
  it('its notes say （表札なし） in the グループ column, a loose note nothing, in the CSV and the workbook', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    const note = (text: string) => addNote(board.doc, { text, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '' })
    const [a, b] = [note('話し相手がいない'), note('一人で食事をしている')]
    note('バスが少ない')
    groupNotes(board.doc, a.id, b.id)
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => readBoard(serverBoard).groups.length === 1 && readBoard(serverBoard).notes.length === 3, 'stored')
    const get = async (path: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const csv = parseCsv(await (await get('export.csv')).text())
    const [text, group] = [csv[0]!.indexOf('付箋'), csv[0]!.indexOf('グループ（表札）')]
    const groupOf = Object.fromEntries(csv.slice(1).map((r) => [r[text], r[group]]))
    expect(groupOf).toEqual({ 話し相手がいない: '（表札なし）', 一人で食事をしている: '（表札なし）', バスが少ない: '' })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx')).arrayBuffer())
    const ws = workbook.getWorksheet('付箋')!
    const col = (ws.getRow(1).values as string[]).indexOf('グループ（表札）')
    const cells: string[] = []
    ws.eachRow((row, n) => n > 1 && cells.push(String(row.getCell(col).value ?? '')))
    expect(cells.sort()).toEqual(['', '（表札なし）', '（表札なし）'])
    board.destroy()
    await t.close()
  })
})

describe('全体共有 copies in the exports', () => {
  it('say whose they were — once per gathered group in Word and Markdown, in the テーブル cell of the sheets — and a resource is listed once', async () => {
    const t = await startServer()
    const s = await createSession(t.http, { tables: ['北町', '南町'] })
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    const note = (text: string, table: string, canvas: 'need' | 'resource' = 'need') =>
      addNote(board.doc, { text, canvas, color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table })
    const a = note('バス停にベンチがほしい', '北町')
    const b = note('坂道がきつい', '北町')
    const group = groupNotes(board.doc, a.id, b.id, null, '移動の困りごと').id
    const loose = note('回覧板が回ってこない', '南町')
    const salon = note('ふれあいサロン', '南町', 'resource')
    gatherGroup(board.doc, group)
    gatherNote(board.doc, loose.id)
    gatherNote(board.doc, salon.id)
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => readBoard(serverBoard).notes.length === 8, 'copies stored')
    const get = async (path: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })

    const md = await (await get('export.md')).text()
    const plenary = md.slice(md.indexOf('## 全体共有'))
    expect(plenary).toContain('【移動の困りごと】（北町より）')
    // The group's notes: its heading says it once.
    expect(plenary).toMatch(/- バス停にベンチがほしい\n/)
    expect(plenary).toContain('- 回覧板が回ってこない（南町より）')
    // At their own tables the originals say nothing of the kind.
    expect(md.slice(0, md.indexOf('## 全体共有'))).not.toContain('より）')
    // 地域の資源: ふれあいサロン once, at 南町.
    expect(md.split('ふれあいサロン').length - 1).toBe(1)
    // The record counts the residents' notes, not their copies: 3 needs and 1 resource.
    expect(md).toContain('ニーズ 3枚・資源 1枚・アクション 0枚')
    expect(md).toContain('ふれあいサロン（南町）')
    const doc = await docxText(await (await get('export.docx')).arrayBuffer())
    expect(doc).toContain('【移動の困りごと】（北町より）')

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx')).arrayBuffer())
    const cells = (sheet: string, column: string) => {
      const ws = workbook.getWorksheet(sheet)!
      const col = (ws.getRow(1).values as string[]).indexOf(column)
      const out: string[] = []
      ws.eachRow((row, n) => n > 1 && out.push(String(row.getCell(col).value)))
      return out
    }
    expect(cells('付箋', 'テーブル').sort()).toEqual(['全体共有（北町より）', '全体共有（北町より）', '全体共有（南町より）', '全体共有（南町より）', '北町', '北町', '南町', '南町'].sort())
    expect(cells('グループ', 'テーブル').sort()).toEqual(['全体共有（北町より）', '北町'].sort())
    board.destroy()
    await t.close()
  })
})

describe('a hidden note gathered to 全体共有', () => {
  it('stays hidden in its copy: in no export, and not drawn for participants or on the projector', async () => {
    const t = await startServer()
    const s = await createSession(t.http, { tables: ['北町'] })
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    const note = (text: string) => addNote(board.doc, { text, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', table: '北町' })
    const a = note('バス停にベンチがほしい')
    // Hidden by the facilitator: it names a person.
    const b = note('〇〇さん（3丁目）が一人で困っている')
    const group = groupNotes(board.doc, a.id, b.id, null, '移動の困りごと').id
    setNoteHidden(board.doc, b.id, true)
    gatherGroup(board.doc, group)
    gatherNote(board.doc, b.id)
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => readBoard(serverBoard).notes.length === 5, 'copies stored')
    // Before, a copy was made without the mark: the name went up on the plenary board and into every export.
    expect(readBoard(serverBoard).notes.filter((n) => n.text === b.text).map((n) => n.hidden === true)).toEqual([true, true, true])
    const get = async (path: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const md = await (await get('export.md')).text()
    expect(md).toContain('バス停にベンチがほしい')
    expect(md).not.toContain('〇〇さん')
    expect(await docxText(await (await get('export.docx')).arrayBuffer())).not.toContain('〇〇さん')
    expect(await (await get('export.csv')).text()).not.toContain('〇〇さん')
    board.destroy()
    await t.close()
  })
})

describe('a plan field near its limit in Word', () => {
  it('lets a row with a 4,000-character 住民の声 break across pages and keeps short rows together', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    // Forty voices of a hundred characters: far taller than an A4 page in the 5W2H table.
    const voice = (i: number) => `${String(i + 1).padStart(2, '0')}：${'買い物に行くバスが一日三本しかなく、雨の日は家から出られない。'.repeat(4)}`.slice(0, 99)
    const voices = Array.from({ length: 40 }, (_, i) => voice(i)).join('\n').slice(0, PLAN_FIELD_MAX)
    expect(voices.length).toBeGreaterThan(PLAN_FIELD_MAX - 100)
    // Rated, so its name is in a cell of the matrix table too: a short row, to be kept together.
    const item = addPlanItem(control.doc, { title: '買い物支援の移動サービス', voices, impact: 3, feasibility: 3 })
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).some((i) => i.id === item.id && i.voices === voices), 'plan stored')
    const res = await fetch(`${t.http}/api/sessions/${s.sessionId}/export.docx`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string')
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0])
    const keptTogether = (row: string) => /<w:cantSplit(?! w:val="(?:false|0|off)")/.test(row)
    const long = rows.find((r) => r.includes('40：'))!
    expect(long).toBeDefined()
    expect(keptTogether(long)).toBe(false)
    const short = rows.find((r) => r.includes('買い物支援の移動サービス') && !r.includes('40：'))!
    expect(short).toBeDefined()
    expect(keptTogether(short)).toBe(true)
    // Nothing of the long field is dropped from the document.
    expect((await docxText(await (await fetch(`${t.http}/api/sessions/${s.sessionId}/export.docx`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })).arrayBuffer()))).toContain(voice(39))
    control.destroy()
    await t.close()
  })

  it('keeps the row of a 4,000-character 住民の声 within Excel\'s tallest row (409 pt), the whole text in its cell', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    const voices = Array.from({ length: 40 }, (_, i) => `${i + 1}：${'買い物に行くバスが一日三本しかない。'.repeat(5)}`).join('\n').slice(0, PLAN_FIELD_MAX)
    const item = addPlanItem(control.doc, { title: '移動支援', voices })
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).some((i) => i.id === item.id && i.voices === voices), 'plan stored')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await fetch(`${t.http}/api/sessions/${s.sessionId}/export.xlsx`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })).arrayBuffer())
    const sheet = workbook.getWorksheet('計画案')!
    let row: ExcelJS.Row | undefined
    sheet.eachRow((r) => {
      if ((r.values as unknown[]).some((v) => v === voices)) row = r
    })
    expect(row, 'the row holding the whole 住民の声').toBeDefined()
    // Estimated at about 3,600 pt before; Excel's rows go to 409.
    expect(row!.height).toBe(ROW_MAX_PT)
    control.destroy()
    await t.close()
  })
})

describe('CSV with hostile strings', () => {
  /** 50 strings a spreadsheet or a parser could trip on. */
  const HOSTILE = [
    '=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', "'quoted", "''", '=HYPERLINK("http://x","x")', '=cmd|\' /C calc\'!A0',
    '"', '""', '"a,b"', 'a,b', 'a\nb', 'a\r\nb', '\n', ',', ',,', 'a"b"c',
    '😀', '👨‍👩‍👧', '🇯🇵', '齋藤', '髙橋', '邊', '𠮷野家', '\u200fRTL mark', '\u202eevil', '\u200b',
    'ｶﾀｶﾅ', '＝全角イコール', '－全角マイナス', ' =leading space', '  ', '\\', '\\"', '<script>', '&amp;', '%s%n',
    'null', 'undefined', '0', '-0', '1e9', '０１２', '〜', '～', '𝕏', 'a\u0000b'.replace('\u0000', '␀'),
  ]

  it('round-trips exactly and no cell starts with a formula trigger', async () => {
    expect(HOSTILE).toHaveLength(50)
    const t = await startServer()
    const s = await createSession(t.http)
    const board = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(board)
    const valid = HOSTILE.filter((h) => h.trim() !== '')
    for (const text of valid) addNote(board.doc, { text, canvas: 'need', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: text.slice(0, 20), table: '' })
    const serverBoard = t.server.rooms.open(`${s.sessionId}/board`, 'board').doc
    await waitFor(() => readBoard(serverBoard).notes.length === valid.length, 'notes stored')
    const csv = await (await fetch(`${t.http}/api/sessions/${s.sessionId}/export.csv`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })).text()
    const rows = parseCsv(csv)
    const col = rows[0]!.indexOf('付箋')
    // Exactly what the board holds (a note's text is trimmed when it is written).
    expect(rows.slice(1).map((r) => unescapeCell(r[col]!)).sort()).toEqual(readBoard(serverBoard).notes.map((n) => n.text).sort())
    for (const row of rows) for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/)
    board.destroy()
    await t.close()
  })

  it('the writer alone round-trips all 50, empty and blank ones included', async () => {
    const { toCsv } = await import('../../../server/export/csv.ts')
    const rows = parseCsv(toCsv({ header: ['x', 'n'], rows: HOSTILE.map((h, i) => [h, i]) }))
    expect(rows.slice(1).map((r) => unescapeCell(r[0]!))).toEqual(HOSTILE)
    expect(rows.slice(1).map((r) => Number(r[1]))).toEqual(HOSTILE.map((_, i) => i))
  })
})

describe('a plan item not rated yet (未評価)', () => {
  it('reads 未評価 in Word, Excel, CSV and Markdown, and is named under the matrix instead of sitting in a cell', async () => {
    const t = await startServer()
    const s = await createSession(t.http)
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    const rated = addPlanItem(control.doc, { title: '買い物サロン', impact: 4, feasibility: 2 })
    const unrated = addPlanItem(control.doc, { title: '男性の居場所づくり' })
    const serverControl = t.server.rooms.open(`${s.sessionId}/control`, 'control').doc
    await waitFor(() => listPlanItems(serverControl).length === 2, 'plan stored')
    const get = (path: string) => fetch(`${t.http}/api/sessions/${s.sessionId}/${path}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })

    const doc = await docxText(await (await get('export.docx')).arrayBuffer())
    expect(doc).toContain('夢の明るさ・波及効果\n4')
    expect(doc).toContain('実現可能性\n2')
    expect(doc).toContain('夢の明るさ・波及効果\n未評価')
    expect(doc).toContain('実現可能性\n未評価')
    // Not in the middle of the matrix as if rated 3・3: named once, under it.
    expect(doc).not.toMatch(/(夢の明るさ・波及効果|実現可能性)\n3/)
    expect(doc).toContain('未評価：男性の居場所づくり')

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await get('export.xlsx')).arrayBuffer())
    const ws = workbook.getWorksheet('計画案')!
    const header = (ws.getRow(1).values as unknown[]).map(String)
    const rowOf = (id: string) => {
      let found: unknown[] = []
      ws.eachRow((row) => {
        if ((row.values as unknown[]).includes(id)) found = row.values as unknown[]
      })
      return found
    }
    const [impact, feasibility] = [header.indexOf('夢の明るさ・波及効果'), header.indexOf('実現可能性')]
    expect([rowOf(unrated.id)[impact], rowOf(unrated.id)[feasibility]]).toEqual(['未評価', '未評価'])
    expect([rowOf(rated.id)[impact], rowOf(rated.id)[feasibility]]).toEqual([4, 2])

    const csv = parseCsv(await (await get('plan.csv')).text())
    const csvRow = csv.find((r) => r.includes(unrated.id))!
    expect([csvRow[csv[0]!.indexOf('夢の明るさ・波及効果')], csvRow[csv[0]!.indexOf('実現可能性')]]).toEqual(['未評価', '未評価'])

    const md = await (await get('export.md')).text()
    expect(md).toContain('| 夢の明るさ・波及効果 | 未評価 |')
    expect(md).toContain('未評価：男性の居場所づくり')
    const matrix = md.slice(md.indexOf('波及効果＼実現可能性'))
    const cells = matrix.split('\n').filter((line) => /^\| [1-5] \|/.test(line))
    expect(cells).toHaveLength(5)
    expect(cells.join('\n')).toContain('買い物サロン')
    expect(cells.join('\n')).not.toContain('男性の居場所づくり')
    control.destroy()
    await t.close()
  })
})

describe('file names from a long title', () => {
  it('downloads every export when the 60th character of the title is outside the BMP (𠮷, an emoji), with the name cut between characters', async () => {
    const t = await startServer()
    // 59 kanji, then 𠮷 (two UTF-16 units) across the 60-unit cut: the name was cut through it and every export answered 500.
    const title = `${'住民懇談会'.repeat(11)}さくら台𠮷野町のつどい`
    expect(title.length).toBeLessThanOrEqual(100)
    const s = await createSession(t.http, { title })
    for (const file of EXPORTS) {
      const res = await fetch(`${t.http}/api/sessions/${s.sessionId}/${file}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
      expect(res.status, file).toBe(200)
      const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')![1]!)
      expect(name.startsWith(`${'住民懇談会'.repeat(11)}さくら台𠮷_`), file).toBe(true)
      await res.arrayBuffer()
    }
    await t.close()
  })
})
