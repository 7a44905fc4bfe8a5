/**
 * The content of every export, in two neutral shapes: a list of blocks (headings, lists, tables) that the
 * Word and Markdown writers render, and sheets (header and rows) that the Excel and CSV writers render.
 * Written once here, so the formats cannot drift apart. Only the session's own data goes in: writers
 * appear by the nickname they chose, or 匿名.
 */
import { canvasView, endText, viewableTables, type GroupView } from '../../shared/board.ts'
import { translate, type Lang, type MessageKey } from '../../shared/i18n/index.ts'
import { emptyPlanItem, isRated, itemsByCategory, notesOfGroup, planFieldRows, PLAN_TEXT_KEYS, SCORE_MAX, SCORE_MIN, W5H2_KEYS, type PlanItem } from '../../shared/plan.ts'
import { linkedTo } from '../../shared/ops/links.ts'
import { CANVASES, PLENARY_TABLE, RESOURCE_KIND_GROUPS, type Canvas, type LinkEnd, type Note } from '../../shared/schema.ts'
import type { ExportData } from './data.ts'
import { formatDate } from '../../shared/dates.ts'

export type Block =
  | { type: 'title'; text: string }
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bullets'; items: string[] }
  /** `keyValue`: the first column is a label (a 5W2H table); otherwise `header` names the columns. */
  | { type: 'table'; header?: string[]; rows: string[][]; keyValue?: boolean }

export type Cell = string | number
export interface Sheet {
  name: string
  header: string[]
  rows: Cell[][]
  /** Column widths in characters (Excel). */
  widths: number[]
  /**
   * How Excel prints it: the paper (landscape), at most how many pages across (it shrinks only as far as
   * that needs), and how many leading columns repeat on every page across. Default: A4, one page across.
   */
  print?: { paper: 'A3' | 'A4'; pagesWide: number; repeatColumns: number }
}

export interface Labels {
  lang: Lang
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  table: (name: string) => string
  author: (note: Note) => string
  speaker: (note: Note) => string
  time: (ms: number) => string
  date: (ms: number) => string
  /** When a document was made, as its first line says it: 「2026年11月23日 19:40」. */
  madeAt: (ms: number) => string
}

export function labelsFor(lang: Lang, timeZone = 'Asia/Tokyo'): Labels {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params)
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB'
  const time = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
  const date = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const madeAt = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  return {
    lang,
    t,
    table: (name) => (name === PLENARY_TABLE ? t('table.plenary') : name === '' ? t('table.everyone') : name),
    author: (note) => (note.authorId === 'facilitator' ? t('facilitator.heading') : note.authorName || t('participant.anonymous')),
    speaker: (note) => [note.speaker?.age, note.speaker?.area, note.speaker?.role].filter(Boolean).join('・'),
    time: (ms) => time.format(ms),
    date: (ms) => date.format(ms),
    madeAt: (ms) => madeAt.format(ms),
  }
}

const votesOf = (data: ExportData, note: Note): number => data.votes[note.id] ?? 0

/**
 * How every export orders tables: the session's order (the order they were entered: 練馬・光が丘・石神井・大泉),
 * the plenary after them, then any table no longer in the session, by name.
 */
export function tableOrder(tables: readonly string[]): (a: string, b: string) => number {
  const order = viewableTables(tables)
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length)
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b, 'ja')
}

/** The tables that have something, in the session's order, the plenary last. */
function tablesWithNotes(data: ExportData, canvas: Canvas): string[] {
  return [...new Set(data.board.notes.filter((n) => n.canvas === canvas).map((n) => n.table))].sort(tableOrder(data.session.tables))
}

/** Where a 全体共有 copy came from (「北町より」), unless its group's heading says it already. */
const fromTable = (L: Labels, origin: { table: string } | undefined, said?: string): string =>
  origin && origin.table !== said ? L.t('plenary.from', { table: L.table(origin.table) }) : ''

function noteLine(data: ExportData, L: Labels, note: Note, said?: string): string {
  const extras = [fromTable(L, note.origin, said), votesOf(data, note) > 0 ? L.t('plan.voteCount', { n: votesOf(data, note) }) : '', L.speaker(note)].filter(Boolean)
  return extras.length > 0 ? `${note.text}（${extras.join('・')}）` : note.text
}

const groupTotal = (data: ExportData, gv: GroupView): number =>
  gv.notes.reduce((s, n) => s + votesOf(data, n), 0) + gv.children.reduce((s, c) => s + groupTotal(data, c), 0)

const titleOf = (L: Labels, title: string) => title.trim() || L.t('board.untitled')

/** One canvas, table by table: groups (with their 小グループ) as headings over their notes, then the loose notes. */
function canvasBlocks(data: ExportData, L: Labels, canvas: Canvas): Block[] {
  const out: Block[] = []
  for (const table of tablesWithNotes(data, canvas)) {
    const view = canvasView(data.board, canvas, table)
    out.push({ type: 'heading', level: 2, text: L.table(table) })
    for (const gv of view.groups) {
      const total = groupTotal(data, gv)
      // On the 全体共有 board the group and its notes are copies: whose they were is said once, on the group.
      const said = gv.group.origin?.table
      const extras = [fromTable(L, gv.group.origin), total > 0 ? L.t('plan.voteCount', { n: total }) : ''].filter(Boolean)
      out.push({ type: 'heading', level: 3, text: `【${titleOf(L, gv.group.title)}】${extras.length > 0 ? `（${extras.join('・')}）` : ''}` })
      const items = gv.notes.map((n) => noteLine(data, L, n, said))
      for (const child of gv.children) items.push(`【${titleOf(L, child.group.title)}】`, ...child.notes.map((n) => `　${noteLine(data, L, n, said)}`))
      if (items.length > 0) out.push({ type: 'bullets', items })
    }
    if (view.loose.length > 0) {
      out.push({ type: 'heading', level: 3, text: L.t('export.doc.loose') })
      out.push({ type: 'bullets', items: view.loose.map((n) => noteLine(data, L, n)) })
    }
  }
  if (out.length === 0) out.push({ type: 'paragraph', text: L.t('export.doc.none') })
  return out
}

const KIND_ORDER = Object.entries(RESOURCE_KIND_GROUPS).flatMap(([group, kinds]) => kinds.map((kind) => ({ group, kind: kind as string })))

/**
 * The notes as the residents wrote them: a 全体共有 copy is the same note again, counted and listed once, at
 * its own table (the copy stands in for it only when the original is gone).
 */
function ownNotes(data: ExportData): Note[] {
  const ids = new Set<string>(data.board.notes.map((n) => n.id))
  return data.board.notes.filter((n) => !(n.origin && ids.has(n.origin.id)))
}

function resourceBlocks(data: ExportData, L: Labels): Block[] {
  const notes = ownNotes(data).filter((n) => n.canvas === 'resource')
  const out: Block[] = []
  for (const { kind } of [...KIND_ORDER, { group: '', kind: '' }]) {
    const here = notes.filter((n) => (n.kind ?? '') === kind)
    if (here.length === 0) continue
    out.push({ type: 'heading', level: 2, text: kind ? L.t(`kind.${kind}` as MessageKey) : L.t('export.doc.noKind') })
    out.push({ type: 'bullets', items: here.map((n) => `${n.text}（${tableCell(L, n.table, n.origin)}）`) })
  }
  if (out.length === 0) out.push({ type: 'paragraph', text: L.t('export.doc.none') })
  return out
}

/** Every field of a plan item as label and value, in the councils' order. */
export const planFields = (item: PlanItem, L: Labels, agree: number): Array<[string, Cell]> => planFieldRows(item, L.t, agree)

function planBlocks(data: ExportData, L: Labels): Block[] {
  if (data.items.length === 0) return [{ type: 'paragraph', text: L.t('export.doc.noItems') }]
  const out: Block[] = []
  for (const { category, items } of itemsByCategory(data.items, data.control.categories)) {
    out.push({ type: 'heading', level: 2, text: category || L.t('plan.uncategorized') })
    let division: string | null = null
    for (const item of items) {
      if (item.division !== division) {
        division = item.division
        out.push({ type: 'heading', level: 3, text: division ? L.t(`plan.division.${item.division as 'new'}`) : L.t('plan.unset') })
      }
      out.push({ type: 'heading', level: 4, text: item.title || L.t('plan.untitled') })
      out.push({ type: 'table', keyValue: true, rows: planFields(item, L, data.agree[item.id] ?? 0).slice(1).map(([k, v]) => [k, String(v)]) })
    }
  }
  return out
}

/** Rows from the top (波及効果 5) down, columns 実現可能性 1 to 5; each cell lists the items there. */
export function matrixRows(items: readonly PlanItem[], untitled: string): string[][] {
  const rows: string[][] = []
  for (let impact = SCORE_MAX; impact >= SCORE_MIN; impact--) {
    const row = [String(impact)]
    for (let f = SCORE_MIN; f <= SCORE_MAX; f++) row.push(items.filter((i) => i.impact === impact && i.feasibility === f).map((i) => i.title || untitled).join('\n'))
    rows.push(row)
  }
  return rows
}

export function buildReport(data: ExportData, L: Labels): Block[] {
  const { session } = data
  const own = ownNotes(data)
  const count = (c: Canvas) => own.filter((n) => n.canvas === c).length
  const scores = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => String(SCORE_MIN + i))
  return [
    { type: 'title', text: L.t('export.doc.title', { title: session.title }) },
    { type: 'paragraph', text: L.t('export.doc.generated', { date: L.madeAt(data.at) }) },
    { type: 'heading', level: 1, text: L.t('export.doc.record') },
    {
      type: 'table',
      keyValue: true,
      rows: [
        [L.t('export.doc.sessionTitle'), session.title],
        [L.t('export.doc.date'), formatDate(session.date, L.lang)],
        [L.t('export.doc.venue'), session.venue],
        [L.t('export.doc.kind'), L.t(`home.create.kind.${session.kind}`)],
        [L.t('export.doc.tables'), session.tables.map(L.table).join('、') || L.table('')],
        [L.t('export.doc.participants'), L.t('export.doc.people', { n: data.participantCount })],
        [L.t('export.doc.noteCount'), L.t('export.doc.noteCounts', { need: count('need'), resource: count('resource'), action: count('action') })],
      ],
    },
    { type: 'heading', level: 1, text: L.t('export.doc.needs') },
    ...canvasBlocks(data, L, 'need'),
    { type: 'heading', level: 1, text: L.t('export.doc.resources') },
    ...resourceBlocks(data, L),
    { type: 'heading', level: 1, text: L.t('export.doc.actions') },
    ...canvasBlocks(data, L, 'action'),
    { type: 'heading', level: 1, text: L.t('export.doc.plan') },
    ...planBlocks(data, L),
    { type: 'heading', level: 1, text: L.t('export.doc.matrix') },
    { type: 'table', header: [L.t('export.doc.matrixCorner'), ...scores], rows: matrixRows(data.items, L.t('plan.untitled')) },
    // Items not yet rated have no cell: named under the matrix, so none goes missing from the paper.
    ...unratedBlocks(data.items, L),
  ]
}

function unratedBlocks(items: readonly PlanItem[], L: Labels): Block[] {
  const unrated = items.filter((i) => !isRated(i))
  return unrated.length > 0 ? [{ type: 'paragraph', text: L.t('export.doc.unrated', { titles: unrated.map((i) => i.title || L.t('plan.untitled')).join('、') }) }] : []
}

// ---- sheets (Excel and CSV) ----

/** A note's group and its parent by 表札; a group with none says （表札なし）, so that its notes never read as loose. */
function groupTitles(data: ExportData, L: Labels, note: Note): { group: string; parent: string } {
  const group = note.groupId ? data.board.groups.find((g) => g.id === note.groupId) : undefined
  const parent = group?.parentId ? data.board.groups.find((g) => g.id === group.parentId) : undefined
  return { group: group ? titleOf(L, group.title) : '', parent: parent ? titleOf(L, parent.title) : '' }
}

const kindGroupOf = (kind: string): string => KIND_ORDER.find((k) => k.kind === kind)?.group ?? ''

/** A sheet's テーブル cell: a 全体共有 copy says whose it was (「全体共有（北町より）」), so a filter can tell copies apart. */
const tableCell = (L: Labels, table: string, origin: { table: string } | undefined): string =>
  origin ? `${L.table(table)}（${fromTable(L, origin)}）` : L.table(table)

/** Every note: canvas, table, group, text, votes, nickname or 匿名, 代筆 speaker, time. */
export function notesSheet(data: ExportData, L: Labels): Sheet {
  const order = (n: Note) => CANVASES.indexOf(n.canvas)
  const byTable = tableOrder(data.session.tables)
  const notes = [...data.board.notes].sort((a, b) => order(a) - order(b) || byTable(a.table, b.table) || a.createdAt - b.createdAt)
  return {
    name: L.t('export.sheet.notes'),
    header: ['canvas', 'table', 'group', 'parentGroup', 'text', 'votes', 'likes', 'author', 'speakerAge', 'speakerArea', 'speakerRole', 'kind', 'comment', 'createdAt', 'id'].map((c) =>
      L.t(`export.col.${c}` as MessageKey),
    ),
    rows: notes.map((n) => {
      const { group, parent } = groupTitles(data, L, n)
      return [
        L.t(`canvas.short.${n.canvas}`),
        tableCell(L, n.table, n.origin),
        group,
        parent,
        n.text,
        votesOf(data, n),
        data.board.likes[n.id]?.length ?? 0,
        L.author(n),
        n.speaker?.age ?? '',
        n.speaker?.area ?? '',
        n.speaker?.role ?? '',
        n.kind ? L.t(`kind.${n.kind}`) : '',
        n.comment ? L.t('gallery.commentBadge') : '',
        L.time(n.createdAt),
        n.id,
      ]
    }),
    // The id last, wide enough for its 18 characters (n_ and 16) with room to spare: at 14 it ran over the cell's edge.
    widths: [10, 10, 24, 18, 50, 6, 6, 14, 10, 10, 10, 16, 10, 17, 22],
    // About 230 characters wide: one A4 page across printed it at about 60 %. One A3 page across: about 85 %.
    print: { paper: 'A3', pagesWide: 1, repeatColumns: 0 },
  }
}

const endLabel = (data: ExportData, L: Labels, end: LinkEnd): string => endText(data.board, end, L.t('board.untitled'))

export function groupsSheet(data: ExportData, L: Labels): Sheet {
  const byTable = tableOrder(data.session.tables)
  const groups = [...data.board.groups].sort((a, b) => CANVASES.indexOf(a.canvas) - CANVASES.indexOf(b.canvas) || byTable(a.table, b.table) || a.createdAt - b.createdAt)
  return {
    name: L.t('export.sheet.groups'),
    header: ['canvas', 'table', 'group', 'parentGroup', 'noteCount', 'votes', 'notes', 'links', 'id'].map((c) => L.t(`export.col.${c}` as MessageKey)),
    rows: groups.map((g) => {
      const notes = notesOfGroup(data.board, g.id)
      const parent = g.parentId ? data.board.groups.find((p) => p.id === g.parentId) : undefined
      const links = linkedTo(data.board.links, { type: 'group', id: g.id } as LinkEnd).map((e) => endLabel(data, L, e)).filter(Boolean)
      return [
        L.t(`canvas.short.${g.canvas}`),
        tableCell(L, g.table, g.origin),
        titleOf(L, g.title),
        parent ? titleOf(L, parent.title) : '',
        notes.length,
        notes.reduce((s, n) => s + votesOf(data, n), 0),
        notes.map((n) => n.text).join('\n'),
        links.join('\n'),
        g.id,
      ]
    }),
    widths: [10, 10, 28, 20, 8, 6, 60, 40, 22],
    // About 200 characters wide: on one A3 page across it prints at (nearly) full size.
    print: { paper: 'A3', pagesWide: 1, repeatColumns: 0 },
  }
}

/** One row per plan item, every field. */
export function planSheet(data: ExportData, L: Labels): Sheet {
  const items = itemsByCategory(data.items, data.control.categories).flatMap((g) => g.items)
  return {
    name: L.t('export.sheet.plan'),
    header: [...planFields(emptyPlanItem('', 0), L, 0).map(([label]) => label), L.t('export.col.sources'), L.t('export.col.id')],
    rows: items.map((item) => [
      ...planFields(item, L, data.agree[item.id] ?? 0).map(([, value]) => value),
      item.sources.map((s) => endLabel(data, L, s)).filter(Boolean).join('\n'),
      item.id,
    ]),
    widths: [28, 30, ...PLAN_TEXT_KEYS.slice(2).map(() => 40), ...W5H2_KEYS.map(() => 24), 20, 8, 14, 8, 8, 8, 6, 40, 16],
    // About 500 characters wide: on one A4 page across it printed at a quarter size. On A3 landscape, three
    // pages across at (nearly) full size, each page starting with the item's 名称 so it reads on its own.
    print: { paper: 'A3', pagesWide: 3, repeatColumns: 1 },
  }
}

export function resourcesSheet(data: ExportData, L: Labels): Sheet {
  const notes = data.board.notes.filter((n) => n.canvas === 'resource')
  const rank = (n: Note) => {
    const i = KIND_ORDER.findIndex((k) => k.kind === n.kind)
    return i < 0 ? KIND_ORDER.length : i
  }
  return {
    name: L.t('export.sheet.resources'),
    header: ['kindGroup', 'kind', 'text', 'table', 'group', 'author', 'id'].map((c) => L.t(`export.col.${c}` as MessageKey)),
    rows: [...notes]
      .sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt)
      .map((n) => [
        n.kind ? L.t(`export.kindGroup.${kindGroupOf(n.kind)}` as MessageKey) : '',
        n.kind ? L.t(`kind.${n.kind}`) : L.t('export.doc.noKind'),
        n.text,
        tableCell(L, n.table, n.origin),
        groupTitles(data, L, n).group,
        L.author(n),
        n.id,
      ]),
    widths: [20, 20, 50, 10, 24, 12, 22],
  }
}
