/**
 * Fills a board document from the sample 住民懇談会 (tests/fixtures/sample-kondankai.ja.json): notes per
 * table and canvas, groups with their 表札, and links — for demos, screenshots and tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import type * as Y from 'yjs'
import { addNote } from '../../shared/ops/notes.ts'
import { addToGroup, groupNotes, moveGroup, renameGroup } from '../../shared/ops/groups.ts'
import { linkItems } from '../../shared/ops/links.ts'
import type { Canvas, LinkEnd, Note, ResourceKind } from '../../shared/schema.ts'
import type { GroupId, ParticipantId } from '../../shared/ids.ts'
import { readBoard } from '../../shared/board.ts'
import { addPlanItem, draftPlanItem, draftWording, type PlanArea, type PlanDivision, type PlanItem, type PlanStatus, type W5H2 } from '../../shared/plan.ts'
import { translate } from '../../shared/i18n/index.ts'

interface FixtureNote {
  canvas: Canvas
  table: string
  text: string
  kind?: string
  speaker?: { age?: string; area?: string; role?: string }
}

/** A plan item as the fixture writes it: the councils' words for 区分, 圏域 and 状態. */
interface FixturePlanItem {
  title: string
  goal: string
  fromGroup: number
  category: string
  division: string
  area: string
  w5h2: Partial<W5H2>
  impact: number
  feasibility: number
  status: string
}

export interface Fixture {
  session: { title: string; kind: 'workshop' | 'kondankai'; venue: string; date: string; tables: string[]; categories?: string[] }
  notes: FixtureNote[]
  groups: Array<{ canvas: Canvas; title: string; notes: number[] }>
  links: Array<{ from: string; to: number[] }>
  planItems?: FixturePlanItem[]
}

export const loadSampleFixture = (): Fixture =>
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/sample-kondankai.ja.json'), 'utf8')) as Fixture

/** The councils' wording of resource kinds, as the fixture writes them, to our ids. */
const KIND_IDS: Record<string, ResourceKind> = {
  '組織・機関／行政': 'org.government',
  '組織・機関／福祉': 'org.welfare',
  '組織・機関／保健・医療': 'org.health',
  '組織・機関／生活関連': 'org.life',
  '当事者・家族等のグループ': 'group.family',
  '福祉系ボランティアのグループ': 'group.volunteer',
  '福祉専門職のグループ': 'group.professional',
  '保健・医療のグループ': 'group.health',
  'テーマ別活動をするグループ': 'group.theme',
  '商工会や組織・団体によるグループ': 'group.business',
  '伝統的な地域組織': 'group.traditional',
  '生涯学習や趣味のグループ': 'group.hobby',
  'キーパーソン': 'keyperson',
  '場所': 'place',
}

const COLORS = ['yellow', 'blue', 'green', 'pink', 'orange'] as const

export function seedBoard(doc: Y.Doc, fixture: Fixture = loadSampleFixture()): Note[] {
  return seedBoardWithGroups(doc, fixture).notes
}

/** The board, and the id of each fixture group (by its index; undefined where it could not be made). */
export function seedBoardWithGroups(doc: Y.Doc, fixture: Fixture = loadSampleFixture()): { notes: Note[]; groupIds: string[] } {
  const notes = fixture.notes.map((n, i) =>
    addNote(doc, {
      text: n.text,
      canvas: n.canvas,
      table: n.table,
      color: COLORS[i % COLORS.length]!,
      authorId: `p_seed${i % 7}` as ParticipantId,
      authorName: i % 3 === 0 ? '' : ['さくら', 'たけし', 'みどり'][i % 3]!,
      ...(n.kind && KIND_IDS[n.kind] ? { kind: KIND_IDS[n.kind]! } : {}),
      ...(n.speaker ? { speaker: n.speaker } : {}),
    }),
  )
  const groupIds: string[] = []
  fixture.groups.forEach((g, gi) => {
    const [first, second, ...rest] = g.notes.map((i) => notes[i]!)
    if (!first || !second || first.table !== second.table) return
    const group = groupNotes(doc, first.id, second.id)
    renameGroup(doc, group.id, g.title)
    for (const n of rest) if (n.table === first.table) addToGroup(doc, n.id, group.id)
    moveGroup(doc, group.id, { x: 40 + (gi % 2) * 520, y: 40 + Math.floor(gi / 2) * 420 })
    groupIds[gi] = group.id
  })
  for (const link of fixture.links) {
    const [kind, index] = link.from.split(':')
    const from: LinkEnd | undefined =
      kind === 'group' && groupIds[Number(index)] ? { type: 'group', id: groupIds[Number(index)]! as never } : undefined
    if (!from) continue
    for (const i of link.to) if (notes[i]) linkItems(doc, from, { type: 'note', id: notes[i]!.id })
  }
  return { notes, groupIds }
}

const DIVISIONS: Record<string, PlanDivision> = { 新規: 'new', 拡充: 'expand' }
const AREAS: Record<string, PlanArea> = { 班: 'han', '自治会・町内会': 'jichikai', 小学校区: 'elementary', 中学校区: 'junior', 市町村全域: 'city' }
const STATUSES: Record<string, PlanStatus> = { 案: 'draft', 合意: 'agreed', 保留: 'onHold' }

/** The Japanese wording a draft uses (as the facilitator's page does). */
export const jaWording = draftWording((key, params) => translate('ja', key, params))

/** The fixture's plan items, each drafted from its group (as 計画案にする does) and then filled in. */
export function seedPlan(control: Y.Doc, board: Y.Doc, groupIds: readonly string[], fixture: Fixture = loadSampleFixture(), votes: Record<string, number> = {}): PlanItem[] {
  const snapshot = readBoard(board)
  return (fixture.planItems ?? []).map((p, i) => {
    const groupId = groupIds[p.fromGroup]
    const draft = groupId ? draftPlanItem(snapshot, { type: 'group', id: groupId as GroupId }, votes, jaWording) : undefined
    return addPlanItem(
      control,
      {
        ...draft,
        title: p.title,
        goal: p.goal,
        category: p.category,
        division: DIVISIONS[p.division] ?? '',
        area: AREAS[p.area] ?? '',
        w5h2: { ...draft?.w5h2, ...p.w5h2 },
        impact: p.impact,
        feasibility: p.feasibility,
        status: STATUSES[p.status] ?? 'draft',
      },
      null,
      1_700_000_000_000 + i,
    )
  })
}
