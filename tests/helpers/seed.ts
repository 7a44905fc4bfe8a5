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
import type { ParticipantId } from '../../shared/ids.ts'

interface FixtureNote {
  canvas: Canvas
  table: string
  text: string
  kind?: string
}

export interface Fixture {
  session: { title: string; kind: 'workshop' | 'kondankai'; venue: string; date: string; tables: string[] }
  notes: FixtureNote[]
  groups: Array<{ canvas: Canvas; title: string; notes: number[] }>
  links: Array<{ from: string; to: number[] }>
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
  const notes = fixture.notes.map((n, i) =>
    addNote(doc, {
      text: n.text,
      canvas: n.canvas,
      table: n.table,
      color: COLORS[i % COLORS.length]!,
      authorId: `p_seed${i % 7}` as ParticipantId,
      authorName: i % 3 === 0 ? '' : ['さくら', 'たけし', 'みどり'][i % 3]!,
      ...(n.kind && KIND_IDS[n.kind] ? { kind: KIND_IDS[n.kind]! } : {}),
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
  return notes
}
