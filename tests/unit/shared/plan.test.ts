import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoard } from '../../../shared/board.ts'
import {
  addPlanItem,
  citingItems,
  deletePlanItem,
  draftPlanItem,
  getPlanItem,
  isRated,
  itemsByCategory,
  listPlanItems,
  PLAN_FIELD_MAX,
  planFieldRows,
  planGaps,
  unratePlanItem,
  updatePlanItem,
  validatePlanItem,
} from '../../../shared/plan.ts'
import { translate } from '../../../shared/i18n/index.ts'
import { readVoteTotals, writeVote } from '../../../shared/control.ts'
import { addNote, setNoteHidden } from '../../../shared/ops/notes.ts'
import { addToGroup, groupNotes, renameGroup } from '../../../shared/ops/groups.ts'
import { linkItems } from '../../../shared/ops/links.ts'
import { gatherGroup } from '../../../shared/ops/plenary.ts'
import type { GroupId, ParticipantId } from '../../../shared/ids.ts'
import { NOTE_TEXT_MAX, type LinkEnd, type NoteInput } from '../../../shared/schema.ts'
import { jaWording, loadSampleFixture, seedBoardWithGroups, seedPlan } from '../../helpers/seed.ts'

let clock = 1_700_000_000_000
/** Each note a millisecond after the last, so the board's order (by time) is the order they were written. */
const note = (doc: Y.Doc, text: string, canvas: NoteInput['canvas'], extra: Partial<NoteInput> = {}) =>
  addNote(doc, { text, canvas, color: 'yellow', authorId: 'p_1' as ParticipantId, authorName: '', table: '北町', ...extra }, null, clock++)

describe('計画案にする (prefill)', () => {
  it('fills title, needs with votes, voices with 代筆 speakers, and resources and actions from linked groups and notes', () => {
    const doc = new Y.Doc()
    const a = note(doc, '近くのスーパーが閉店した', 'need', { speaker: { age: '70代', role: '住民' } })
    const b = note(doc, '重い米を持って帰れない', 'need')
    const c = note(doc, '移動販売車が来てほしい', 'need')
    const group = groupNotes(doc, a.id, b.id)
    renameGroup(doc, group.id, '買い物の困りごと')
    // c joins as a 小グループ's note? no: it stays loose, linked nowhere — it must not appear.
    const shop = note(doc, '商店街の八百屋さん', 'resource', { kind: 'org.life' })
    const hall = note(doc, '公民館', 'resource', { kind: 'place' })
    const resGroup = groupNotes(doc, shop.id, hall.id)
    renameGroup(doc, resGroup.id, '買い物を支える場所')
    const act = note(doc, '買い物ツアーを月1回', 'action')
    const volunteer = note(doc, '送迎ボランティア', 'resource', { kind: 'group.volunteer' })
    const g: LinkEnd = { type: 'group', id: group.id }
    linkItems(doc, g, { type: 'group', id: resGroup.id })
    linkItems(doc, g, { type: 'note', id: act.id })
    // A link from one of the group's notes counts for the group too.
    linkItems(doc, { type: 'note', id: b.id }, { type: 'note', id: volunteer.id })

    const draft = draftPlanItem(readBoard(doc), g, { [b.id]: 3, [a.id]: 1 }, jaWording)!
    expect(draft.title).toBe('買い物の困りごと')
    // Most-voted first, with the totals.
    expect(draft.needs).toBe('【買い物の困りごと】\n・重い米を持って帰れない（3票）\n・近くのスーパーが閉店した（1票）')
    expect(draft.voices).toBe('・「重い米を持って帰れない」\n・「近くのスーパーが閉店した」（70代・住民）')
    expect(draft.resources).toContain('・買い物を支える場所：商店街の八百屋さん（生活関連）、公民館（場所）')
    expect(draft.resources).toContain('・送迎ボランティア（福祉ボランティア）')
    expect(draft.actions).toBe('・買い物ツアーを月1回')
    expect(draft.needs).not.toContain(c.text)
    expect(draft.w5h2?.why).toBe('買い物の困りごと')
    // Traceability: the group, its notes and what was linked.
    const ids = draft.sources!.map((s) => `${s.type}:${s.id}`)
    expect(ids).toEqual(expect.arrayContaining([`group:${group.id}`, `note:${a.id}`, `note:${b.id}`, `group:${resGroup.id}`, `note:${act.id}`, `note:${volunteer.id}`]))
    expect(ids).not.toContain(`note:${c.id}`)
  })

  it('drafts from a single note, and leaves hidden notes out', () => {
    const doc = new Y.Doc()
    const a = note(doc, 'ゴミ出しの日が分からない', 'need')
    const draft = draftPlanItem(readBoard(doc), { type: 'note', id: a.id }, {}, jaWording)!
    expect(draft.title).toBe('ゴミ出しの日が分からない')
    expect(draft.needs).toBe('・ゴミ出しの日が分からない')
    expect(draftPlanItem(readBoard(doc), { type: 'note', id: 'gone' as never }, {}, jaWording)).toBeUndefined()

    const b = note(doc, '見えない付箋', 'need')
    const group = groupNotes(doc, a.id, b.id)
    doc.getMap('notes').get(b.id) instanceof Y.Map && (doc.getMap('notes').get(b.id) as Y.Map<unknown>).set('hidden', true)
    const fromGroup = draftPlanItem(readBoard(doc), { type: 'group', id: group.id }, {}, jaWording)!
    expect(fromGroup.voices).not.toContain('見えない付箋')
    // No 表札 yet: the title falls back to the first note.
    expect(fromGroup.title).toBe('ゴミ出しの日が分からない')
  })
  it('drafts from a group too big for one field: the first notes, the count of the rest, and an item that keeps its title and sources', () => {
    const doc = new Y.Doc()
    // 30 notes of 200 characters: 住民の声 alone would be over 6,000 characters, past a field's 4,000.
    const notes = Array.from({ length: 30 }, (_, i) => note(doc, `${i + 1}人目：${'買い物に行けない'.repeat(30)}`.slice(0, NOTE_TEXT_MAX), 'need', { speaker: { age: '70代' } }))
    const group = groupNotes(doc, notes[0]!.id, notes[1]!.id)
    for (const n of notes.slice(2)) addToGroup(doc, n.id, group.id)
    renameGroup(doc, group.id, '買い物の困りごと')
    const draft = draftPlanItem(readBoard(doc), { type: 'group', id: group.id }, {}, jaWording)!
    const item = addPlanItem(doc, draft)
    // Before, the draft failed the check as a whole and 計画案にする made an empty 「（取り組み名なし）」.
    expect(item.title).toBe('買い物の困りごと')
    expect(item.sources).toHaveLength(31)
    for (const key of ['needs', 'voices'] as const) {
      expect(item[key].length, key).toBeLessThanOrEqual(PLAN_FIELD_MAX)
      expect(item[key], key).toContain('1人目：')
      const lines = item[key].split('\n')
      // The last line says how many notes did not fit, and those are the notes not listed.
      const listed = notes.filter((n) => item[key].includes(n.text)).length
      expect(listed, key).toBeGreaterThan(10)
      expect(lines.at(-1), key).toBe(`・ほか${notes.length - listed}件（ボードの付箋をご覧ください）`)
    }
  })
})

describe('計画案にする with hidden resources and actions', () => {
  it('leaves a hidden note out of 活用する資源・連携先 and 具体的な取り組み, alone or in a linked group', () => {
    const doc = new Y.Doc()
    const a = note(doc, '一人暮らしで話し相手がいない', 'need')
    const b = note(doc, '見守りの目が足りない', 'need')
    const group = groupNotes(doc, a.id, b.id, null, '孤立と見守り')
    const shown = note(doc, 'ふれあいの会', 'resource', { kind: 'group.volunteer' })
    // Hidden by the facilitator: they name people.
    const hiddenAlone = note(doc, '〇〇さん（元民生委員）', 'resource', { kind: 'keyperson' })
    const inGroupShown = note(doc, '地域包括支援センター', 'resource', { kind: 'org.welfare' })
    const inGroupHidden = note(doc, '△△さん宅の離れ', 'resource', { kind: 'place' })
    const resGroup = groupNotes(doc, inGroupShown.id, inGroupHidden.id, null, '相談先')
    const act = note(doc, '□□さんに声をかけてもらう', 'action')
    const g: LinkEnd = { type: 'group', id: group.id }
    for (const end of [{ type: 'note', id: shown.id }, { type: 'note', id: hiddenAlone.id }, { type: 'group', id: resGroup.id }, { type: 'note', id: act.id }] as LinkEnd[]) linkItems(doc, g, end)
    for (const n of [hiddenAlone, inGroupHidden, act]) setNoteHidden(doc, n.id, true)
    const draft = draftPlanItem(readBoard(doc), g, {}, jaWording)!
    expect(draft.resources).toContain('ふれあいの会')
    expect(draft.resources).toContain('相談先：地域包括支援センター')
    // Before, hidden notes were copied into the plan item, and from there into Word and Excel.
    expect(draft.resources).not.toContain('〇〇さん')
    expect(draft.resources).not.toContain('△△さん')
    expect(draft.actions).toBe('')
    // 抜けの確認 agrees with the draft: the hidden action does not count as the group's action.
    expect(planGaps(readBoard(doc), []).find((x) => x.group.id === group.id)).toMatchObject({ noResource: false, noAction: true })
  })
})

describe('計画案にする from a long note', () => {
  it('cuts the 取り組み名 between characters, never through an emoji or 𠮷', () => {
    const doc = new Y.Doc()
    // The 100th character is an emoji: cut at 100 UTF-16 units, half of it stayed and became �.
    const a = note(doc, `${'バスが少なくて病院に行けない'.repeat(7)}の🚌にのる人がいない`, 'need')
    const draft = draftPlanItem(readBoard(doc), { type: 'note', id: a.id }, {}, jaWording)!
    const item = addPlanItem(doc, draft)
    expect(item.title).toBe(`${'バスが少なくて病院に行けない'.repeat(7)}の🚌`)
    expect(listPlanItems(doc)[0]!.title).not.toContain('\uFFFD')
  })
})

describe('plan items in the control document', () => {
  it('adds, updates field by field, validates and deletes', () => {
    const doc = new Y.Doc()
    const item = addPlanItem(doc, { title: '買い物サロン', impact: 9, w5h2: { who: '自治会' } })
    expect(item.impact).toBe(5)
    expect(getPlanItem(doc, item.id)?.w5h2.who).toBe('自治会')
    updatePlanItem(doc, item.id, { goal: '歩いて行ける場所で買い物', feasibility: 0, division: 'expand', area: 'han', status: 'agreed', w5h2: { howMuch: '100円' } })
    const read = getPlanItem(doc, item.id)!
    expect(read).toMatchObject({ goal: '歩いて行ける場所で買い物', feasibility: 1, division: 'expand', area: 'han', status: 'agreed' })
    expect(read.w5h2).toMatchObject({ who: '自治会', howMuch: '100円' })
    // A value that does not fit is not written; the item stays as it was.
    updatePlanItem(doc, item.id, { title: 'x'.repeat(500) })
    expect(getPlanItem(doc, item.id)?.title).toBe('買い物サロン')
    updatePlanItem(doc, item.id, { division: 'bogus' as never })
    expect(getPlanItem(doc, item.id)?.division).toBe('expand')
    deletePlanItem(doc, item.id)
    expect(listPlanItems(doc)).toEqual([])
  })

  it('rejects prototype keys and keeps a damaged field from losing the item', () => {
    expect(validatePlanItem(JSON.parse('{"id":"p","createdAt":1,"__proto__":{"x":1}}')).ok).toBe(false)
    const ok = validatePlanItem({ id: 'p', createdAt: 1, status: 'weird', impact: 'high', sources: [{ type: 'note', id: 'n1' }, { type: 'x', id: 2 }] })
    expect(ok.ok && ok.value.status).toBe('draft')
    // A damaged score does not make up a rating: the item reads as 未評価.
    expect(ok.ok && ok.value.impact).toBeNull()
    expect(ok.ok && ok.value.feasibility).toBeNull()
    expect(ok.ok && ok.value.sources).toEqual([{ type: 'note', id: 'n1' }])
  })

  it('two devices editing different fields of one item both keep their edit', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const item = addPlanItem(a, { title: '見守り' })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    updatePlanItem(a, item.id, { goal: '異変に早く気づく' })
    updatePlanItem(b, item.id, { w5h2: { when: '2027年度' } })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(getPlanItem(a, item.id)).toEqual(getPlanItem(b, item.id))
    expect(getPlanItem(a, item.id)).toMatchObject({ goal: '異変に早く気づく', w5h2: { when: '2027年度' } })
  })
})

describe('rating on the priority matrix (未評価)', () => {
  const ja = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('ja', key, params)

  it('a new item has no scores, and stores none', () => {
    const doc = new Y.Doc()
    const item = addPlanItem(doc, { title: '見守り' })
    expect(item).toMatchObject({ impact: null, feasibility: null })
    expect(isRated(getPlanItem(doc, item.id)!)).toBe(false)
    const stored = doc.getMap<Y.Map<unknown>>('plan').get(item.id)!
    expect(stored.has('impact') || stored.has('feasibility')).toBe(false)
  })

  it('setting one axis of an unrated item sets the other to 3', () => {
    const doc = new Y.Doc()
    const a = addPlanItem(doc, { title: 'a' })
    const b = addPlanItem(doc, { title: 'b' })
    updatePlanItem(doc, a.id, { impact: 5 })
    updatePlanItem(doc, b.id, { feasibility: 1 })
    expect(getPlanItem(doc, a.id)).toMatchObject({ impact: 5, feasibility: 3 })
    expect(getPlanItem(doc, b.id)).toMatchObject({ impact: 3, feasibility: 1 })
    // Once rated, one axis changes alone.
    updatePlanItem(doc, a.id, { feasibility: 4 })
    updatePlanItem(doc, a.id, { impact: 2 })
    expect(getPlanItem(doc, a.id)).toMatchObject({ impact: 2, feasibility: 4 })
  })

  it('an item stored with 3・3 before 未評価 existed keeps its scores', () => {
    const doc = new Y.Doc()
    const old = new Y.Map<unknown>()
    for (const [key, value] of Object.entries({ title: '前からある計画案', impact: 3, feasibility: 3, status: 'draft', sources: [], createdAt: 1 })) old.set(key, value)
    doc.getMap('plan').set('pl_old', old)
    const read = getPlanItem(doc, 'pl_old')!
    expect(read).toMatchObject({ impact: 3, feasibility: 3 })
    expect(isRated(read)).toBe(true)
  })

  it('two laptops each setting a different axis of an unrated item converge on a rated item', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const item = addPlanItem(a, { title: '見守り' })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    updatePlanItem(a, item.id, { impact: 5 })
    updatePlanItem(b, item.id, { feasibility: 1 })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(getPlanItem(a, item.id)).toEqual(getPlanItem(b, item.id))
    expect(isRated(getPlanItem(a, item.id)!)).toBe(true)
  })

  it('the field rows of the exports say 未評価 instead of numbers', () => {
    const doc = new Y.Doc()
    const rows = new Map(planFieldRows(addPlanItem(doc, { title: 'a' }), ja, 0))
    expect(rows.get('夢の明るさ・波及効果')).toBe('未評価')
    expect(rows.get('実現可能性')).toBe('未評価')
    const rated = new Map(planFieldRows(addPlanItem(doc, { title: 'b', impact: 4, feasibility: 2 }), ja, 0))
    expect([rated.get('夢の明るさ・波及効果'), rated.get('実現可能性')]).toEqual([4, 2])
  })
})

describe('未評価に戻す (unratePlanItem)', () => {
  const ja = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('ja', key, params)

  it('clears both scores of a rated item in one transaction, storing no score keys, and keeps its other fields', () => {
    const doc = new Y.Doc()
    const item = addPlanItem(doc, { title: '見守り', goal: '異変に早く気づく', impact: 5, feasibility: 2 })
    let updates = 0
    doc.on('update', () => updates++)
    unratePlanItem(doc, item.id)
    expect(updates).toBe(1)
    const read = getPlanItem(doc, item.id)!
    expect(read).toMatchObject({ title: '見守り', goal: '異変に早く気づく', impact: null, feasibility: null })
    expect(isRated(read)).toBe(false)
    const stored = doc.getMap<Y.Map<unknown>>('plan').get(item.id)!
    expect(stored.has('impact') || stored.has('feasibility')).toBe(false)
  })

  it('an item set back is rated again like a new one: one score sets the other to 3', () => {
    const doc = new Y.Doc()
    const item = addPlanItem(doc, { title: '見守り', impact: 1, feasibility: 5 })
    unratePlanItem(doc, item.id)
    updatePlanItem(doc, item.id, { impact: 4 })
    expect(getPlanItem(doc, item.id)).toMatchObject({ impact: 4, feasibility: 3 })
  })

  it('an item stored with scores before 未評価 existed can be set back too', () => {
    const doc = new Y.Doc()
    const old = new Y.Map<unknown>()
    for (const [key, value] of Object.entries({ title: '前からある計画案', impact: 3, feasibility: 3, status: 'draft', sources: [], createdAt: 1 })) old.set(key, value)
    doc.getMap('plan').set('pl_old', old)
    unratePlanItem(doc, 'pl_old')
    expect(isRated(getPlanItem(doc, 'pl_old')!)).toBe(false)
  })

  it('reaches another laptop whole, and the export rows say 未評価 again', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    b.on('update', (update: Uint8Array) => Y.applyUpdate(a, update))
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update))
    const item = addPlanItem(a, { title: '見守り', impact: 4, feasibility: 2 })
    // The other laptop sees the item rated, then each update as it comes: never one axis without the other.
    const seen: Array<[number | null, number | null]> = []
    b.on('afterTransaction', () => {
      const read = b.getMap<Y.Map<unknown>>('plan').get(item.id)
      if (read) seen.push([(read.get('impact') as number | undefined) ?? null, (read.get('feasibility') as number | undefined) ?? null])
    })
    unratePlanItem(a, item.id)
    expect(seen).toEqual([[null, null]])
    const rows = new Map(planFieldRows(getPlanItem(b, item.id)!, ja, 0))
    expect([rows.get('夢の明るさ・波及効果'), rows.get('実現可能性')]).toEqual(['未評価', '未評価'])
  })

  it('set back on one laptop while the other sets a score: both converge, rated on both axes or on neither', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const item = addPlanItem(a, { title: '見守り', impact: 4, feasibility: 2 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    unratePlanItem(a, item.id)
    updatePlanItem(b, item.id, { impact: 5 })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const read = getPlanItem(a, item.id)!
    expect(read).toEqual(getPlanItem(b, item.id))
    expect(read.impact === null).toBe(read.feasibility === null)
  })

  it('does nothing to an unrated or a missing item', () => {
    const doc = new Y.Doc()
    const item = addPlanItem(doc, { title: '見守り' })
    unratePlanItem(doc, item.id)
    unratePlanItem(doc, 'pl_gone')
    expect(getPlanItem(doc, item.id)).toMatchObject({ impact: null, feasibility: null })
    expect(listPlanItems(doc)).toHaveLength(1)
  })
})

describe('traceability, gaps and order', () => {
  const fixture = loadSampleFixture()
  const board = new Y.Doc()
  const control = new Y.Doc()
  const { notes, groupIds } = seedBoardWithGroups(board, fixture)
  const items = seedPlan(control, board, groupIds, fixture)

  it('a note shows the plan items that cite it, directly or through its group', () => {
    const snapshot = readBoard(board)
    const first = snapshot.notes.find((n) => n.id === notes[0]!.id)!
    expect(citingItems(items, first, snapshot).map((i) => i.title)).toEqual([fixture.planItems![0]!.title])
    const loose = snapshot.notes.find((n) => n.canvas === 'need' && !n.groupId)
    if (loose) expect(citingItems(items, loose, snapshot)).toEqual([])
  })

  it('lists need groups without a resource, an action or a plan item', () => {
    const snapshot = readBoard(board)
    const gaps = planGaps(snapshot, listPlanItems(control))
    const needGroups = snapshot.groups.filter((g) => g.canvas === 'need')
    const cited = new Set(fixture.planItems!.map((p) => groupIds[p.fromGroup]))
    for (const g of needGroups) {
      const gap = gaps.find((x) => x.group.id === g.id)
      if (!cited.has(g.id)) expect(gap?.noPlan).toBe(true)
      else expect(gap?.noPlan ?? false).toBe(false)
    }
    // A new link closes a gap.
    const open = gaps.find((g) => g.noAction)
    if (open) {
      const action = snapshot.notes.find((n) => n.canvas === 'action')!
      linkItems(board, { type: 'group', id: open.group.id as GroupId }, { type: 'note', id: action.id })
      expect(planGaps(readBoard(board), listPlanItems(control)).find((x) => x.group.id === open.group.id)?.noAction ?? false).toBe(false)
    }
  })

  it('a plenary copy of a group counts as planned when its table group is, and the other way round', () => {
    const doc = new Y.Doc()
    const control2 = new Y.Doc()
    const { groupIds: ids } = seedBoardWithGroups(doc, fixture)
    const copy = gatherGroup(doc, ids[0]! as GroupId)!
    const copyId = readBoard(doc).groups.find((g) => g.origin?.id === ids[0])!.id
    expect(copy).toBeTruthy()
    expect(planGaps(readBoard(doc), []).find((g) => g.group.id === copyId)?.noPlan).toBe(true)
    addPlanItem(control2, { title: 'x', sources: [{ type: 'group', id: ids[0]! as GroupId }] })
    expect(planGaps(readBoard(doc), listPlanItems(control2)).find((g) => g.group.id === copyId)?.noPlan ?? false).toBe(false)
  })

  it('a plenary copy of a group has the resources and actions linked to its table group: not a gap, and in its draft', () => {
    const doc = new Y.Doc()
    const { groupIds: ids } = seedBoardWithGroups(doc, fixture)
    gatherGroup(doc, ids[0]! as GroupId)
    const snapshot = readBoard(doc)
    const copyId = snapshot.groups.find((g) => g.origin?.id === ids[0])!.id
    // The table's group is linked to a resource and an action (fixture links of group:0).
    const linked = fixture.links.find((l) => l.from === 'group:0')!.to.map((i) => fixture.notes[i]!)
    const resource = linked.find((n) => n.canvas === 'resource')!
    const action = linked.find((n) => n.canvas === 'action')!
    expect(planGaps(snapshot, []).find((g) => g.group.id === ids[0])).toMatchObject({ noResource: false, noAction: false })
    // Before, the copy was listed in 抜けの確認 as 資源がない・アクションがない, and its draft had neither.
    expect(planGaps(snapshot, []).find((g) => g.group.id === copyId)).toMatchObject({ noResource: false, noAction: false, noPlan: true })
    const draft = draftPlanItem(snapshot, { type: 'group', id: copyId }, {}, jaWording)!
    expect(draft.resources).toContain(resource.text)
    expect(draft.actions).toContain(action.text)
  })

  it('orders items by the session categories, 新規 before 拡充', () => {
    const a = addPlanItem(new Y.Doc(), { title: 'a', category: 'B', division: 'expand' }, null, 1)
    const b = addPlanItem(new Y.Doc(), { title: 'b', category: 'B', division: 'new' }, null, 2)
    const c = addPlanItem(new Y.Doc(), { title: 'c', category: '' }, null, 3)
    const d = addPlanItem(new Y.Doc(), { title: 'd', category: 'A' }, null, 4)
    const e = addPlanItem(new Y.Doc(), { title: 'e', category: 'Z' }, null, 5)
    const order = itemsByCategory([a, b, c, d, e], ['A', 'B']).map((g) => [g.category, g.items.map((i) => i.title).join('')])
    expect(order).toEqual([['A', 'd'], ['B', 'ba'], ['Z', 'e'], ['', 'c']])
  })
})

describe('vote totals kept per canvas', () => {
  it('a later vote on another canvas does not erase the first one', () => {
    const doc = new Y.Doc()
    const base = { dots: 3, onePerNote: false, live: false }
    writeVote(doc, { ...base, roundId: 'r1', status: 'closed', canvas: 'need', totals: { n1: 4 } })
    writeVote(doc, { ...base, roundId: 'r2', status: 'open', canvas: 'action', totals: {} })
    expect(readVoteTotals(doc)).toEqual({ n1: 4 })
    writeVote(doc, { ...base, roundId: 'r2', status: 'closed', canvas: 'action', totals: { a1: 2 } })
    expect(readVoteTotals(doc)).toEqual({ n1: 4, a1: 2 })
    // A second vote on the needs replaces the first one's totals there.
    writeVote(doc, { ...base, roundId: 'r3', status: 'closed', canvas: 'need', totals: { n2: 1 } })
    expect(readVoteTotals(doc)).toEqual({ n2: 1, a1: 2 })
  })
})
