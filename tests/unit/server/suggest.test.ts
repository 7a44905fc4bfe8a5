/**
 * Grouping suggestions: folding, the analyser, determinism, dismissed proposals, a quality floor on the
 * labelled set (no timing here: speed is measured by `npm run bench -- --only=B10`), and the HTTP API on
 * a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold, foldCompact } from '../../../server/suggest/fold.ts'
import { analyze } from '../../../server/suggest/analyzer.ts'
import { signatureOf, similarTo, suggestGroups, suggester } from '../../../server/suggest/index.ts'
import { loadEvalSet, score } from '../../helpers/suggestEval.ts'
import { createSession, join, postJson, startServer, type TestServer } from '../../helpers/server.ts'
import { docName } from '../../../shared/protocol.ts'
import { addNote } from '../../../shared/ops/notes.ts'
import { groupNotes } from '../../../shared/ops/groups.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { Canvas, Note } from '../../../shared/schema.ts'
import type { SimilarAnswer, SuggestAnswer } from '../../../shared/suggest.ts'

const themeOf = async (text: string): Promise<string[]> => {
  const { tk, matcher } = await suggester()
  const { scores } = matcher.match(analyze(tk, text))
  return [...scores].flatMap((x, t) => (x > 0 ? [matcher.themes[t]!.id] : []))
}

describe('fold', () => {
  it('folds half-width katakana, full-width Latin and digits, and katakana to hiragana', () => {
    expect(fold('ｽｰﾊﾟｰ')).toBe('すーぱー')
    expect(fold('ゴミ')).toBe(fold('ごみ'))
    expect(fold('ＳＯＳネットワーク１２３')).toBe('sosねっとわーく123')
    expect(fold('ヴァイオリン')).toBe('ゔぁいおりん')
  })

  it('drops spaces and punctuation for matching, keeping the long-vowel mark', () => {
    expect(foldCompact('スーパー、 閉店！（駅前）')).toBe('すーぱー閉店駅前')
  })
})

describe('analyser and thesaurus', () => {
  it('finds a theme however the word is written: kanji, kana, katakana, half-width', async () => {
    expect(await themeOf('ゴミ出しが大変')).toContain('garbage')
    expect(await themeOf('ごみだしが大変')).toContain('garbage')
    expect(await themeOf('かいものに行けない')).toContain('shopping')
    expect(await themeOf('ｽｰﾊﾟｰが遠い')).toContain('shopping')
  })

  it('matches conjugated verbs through their base forms', async () => {
    const { tk } = await suggester()
    expect(analyze(tk, '重い米を持って帰れない').lemma).toContain('持つ')
    expect(await themeOf('近所の人が見守ってくれる')).toContain('watching')
  })

  it('does not read a short katakana word into ordinary kana (ママ is not そのまま)', async () => {
    expect(await themeOf('民生委員が欠員のままになっている')).not.toContain('childcare')
    expect(await themeOf('ママ友がいない')).toContain('childcare')
  })

  it('counts a longer pattern instead of the shorter one inside it (移動販売 is shopping, not transport)', async () => {
    expect(await themeOf('移動販売が来ない')).toEqual(['shopping'])
  })
})

const NOTES = [
  { id: 'a1', text: '近くのスーパーが閉店して買い物に困る' },
  { id: 'a2', text: '移動販売の車が来てくれたら助かる' },
  { id: 'a3', text: '重いお米を持って帰れない' },
  { id: 'b1', text: '病院へ行くバスが少ない' },
  { id: 'b2', text: '免許を返納したら通院できない' },
  { id: 'b3', text: 'タクシー代が高くて通院が大変' },
  { id: 'c1', text: 'ゴミ出しの日に集積所まで行けない' },
  { id: 'c2', text: 'ごみの分別がむずかしい' },
  { id: 'z1', text: '桜並木がきれい' },
]

describe('suggestGroups', () => {
  it('groups notes about one issue under a 表札 and leaves strays out', async () => {
    const groups = await suggestGroups(NOTES)
    const sets = groups.map((g) => [...g.noteIds].sort().join(','))
    expect(sets).toContain('a1,a2,a3')
    expect(sets).toContain('b1,b2,b3')
    expect(sets).toContain('c1,c2')
    expect(groups.flatMap((g) => g.noteIds)).not.toContain('z1')
    expect(groups.find((g) => g.noteIds.includes('c1'))!.title).toBe('ゴミ出しが大変')
  })

  it('a 表札 of two shared words reads as the residents wrote them: in that order, one word where they stood together', async () => {
    const strays = ['はなれザル 1', 'はなれザル 2', 'はなれザル 3'].map((text, i) => ({ id: `s${i}`, text }))
    const titles = (await suggestGroups(strays)).map((g) => g.title)
    expect(titles).toEqual(['はなれザル'])
  })

  it('gives the same proposals for the same notes, in any order', async () => {
    const set = loadEvalSet().map((n) => ({ id: n.id, text: n.text }))
    const first = await suggestGroups(set)
    expect(await suggestGroups(set)).toEqual(first)
    // A fixed shuffle: the same notes reversed and interleaved.
    const shuffled = [...set].reverse().sort((a, b) => (a.id.charCodeAt(3) % 3) - (b.id.charCodeAt(3) % 3))
    const again = await suggestGroups(shuffled)
    const norm = (gs: typeof first) => gs.map((g) => ({ ...g, noteIds: [...g.noteIds].sort() })).sort((a, b) => (a.signature < b.signature ? -1 : 1))
    expect(norm(again)).toEqual(norm(first))
  })

  it('does not bring back a dismissed proposal unchanged, but does once its notes change', async () => {
    const before = await suggestGroups(NOTES)
    const shopping = before.find((g) => g.noteIds.includes('a1'))!
    expect(shopping.signature).toBe(signatureOf(['a3', 'a2', 'a1']))
    const after = await suggestGroups(NOTES, { dismissed: [shopping.signature] })
    expect(after.map((g) => g.signature)).not.toContain(shopping.signature)
    expect(after.flatMap((g) => g.noteIds)).not.toContain('a1')
    // The other proposals are untouched.
    expect(after.length).toBe(before.length - 1)
    const more = await suggestGroups([...NOTES, { id: 'a4', text: 'コンビニしかなくて食料品が買えない' }], { dismissed: [shopping.signature] })
    const changed = more.find((g) => g.noteIds.includes('a1'))
    expect(changed?.noteIds).toContain('a4')
    expect(changed?.signature).not.toBe(shopping.signature)
  })

  it.each(['first', 'fresh'] as const)('reaches the quality floor on the %s labelled set (ARI ≥ 0.5, pairwise precision ≥ 0.8)', async (which) => {
    const set = loadEvalSet(which)
    const s = score(set, await suggestGroups(set))
    expect(s.ari).toBeGreaterThanOrEqual(0.5)
    expect(s.precision).toBeGreaterThanOrEqual(0.8)
  })
})

describe('similarTo', () => {
  it('ranks notes and groups about the same issue first and leaves unrelated ones out', async () => {
    const answer = await similarTo({
      target: { id: 't', text: 'スーパーがなくなって買い物が不便' },
      notes: [
        { id: 'x1', text: '移動販売が週に一度しか来ない', groupId: 'g1' },
        { id: 'x2', text: '生協の宅配を使っている', groupId: 'g1' },
        { id: 'x3', text: '避難所の場所を知らない' },
        { id: 'x4', text: '米が重くて持って帰れない' },
      ],
      groups: [
        { id: 'g1', title: '' },
        { id: 'g2', title: '防災' },
      ],
    })
    expect(answer.notes.map((n) => n.id)).toEqual(expect.arrayContaining(['x1', 'x4']))
    expect(answer.notes.map((n) => n.id)).not.toContain('x3')
    expect(answer.groups.map((g) => g.id)).toEqual(['g1'])
  })
})

describe('suggestion API', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startServer()
  })
  afterAll(async () => {
    await t.close()
  })

  const auth = (token: string) => ({ authorization: `Bearer ${token}` })

  it('answers the facilitator with groups; without the key, or with a participant token, 401', async () => {
    const s = await createSession(t.http)
    const ok = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-groups`, { notes: NOTES }, auth(s.facilitatorKey))
    expect(ok.status).toBe(200)
    const groups = (ok.body as unknown as SuggestAnswer).groups
    expect(groups.length).toBeGreaterThanOrEqual(3)
    for (const g of groups) expect(g).toEqual({ title: expect.any(String), noteIds: expect.any(Array), signature: expect.any(String) })
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-groups`, { notes: NOTES })).status).toBe(401)
    const p = await join(t.http, s.joinCode)
    const refused = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-groups`, { notes: NOTES }, auth(p.participantToken))
    expect(refused.status).toBe(401)
    expect(refused.body.message).toMatch(/権限/)
  })

  it('refuses more than 1,000 notes and badly shaped notes with a Japanese message', async () => {
    const s = await createSession(t.http)
    const path = `/api/sessions/${s.sessionId}/suggest-groups`
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `n${i}`, text: 'ゴミ出し' }))
    const tooMany = await postJson(t.http, path, { notes: many }, auth(s.facilitatorKey))
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toMatchObject({ error: 'too-many-notes', message: '付箋が多すぎます。一度に送れるのは1000枚までです。' })
    const thousand = await postJson(t.http, path, { notes: many.slice(0, 1000) }, auth(s.facilitatorKey))
    expect(thousand.status).toBe(200)
    for (const body of [{}, { notes: 'ゴミ' }, { notes: [{ id: 'a' }] }, { notes: [{ id: 'a', text: '' }] }, { notes: [{ id: 'a', text: 'x'.repeat(201) }] }, { notes: [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }] }, { notes: NOTES, dismissed: 'x' }]) {
      const bad = await postJson(t.http, path, body, auth(s.facilitatorKey))
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(String(bad.body.message)).toMatch(/形式が正しくありません/)
    }
  })

  /** Puts notes on the session's board through the server's own document. */
  function seed(sessionId: string, table: string, texts: string[], canvas: Canvas = 'need'): Note[] {
    return t.server.rooms.withDoc(docName(sessionId, 'board'), 'board', (room) =>
      texts.map((text) => addNote(room.doc, { text, canvas, table, color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '' })),
    )
  }

  it("gives a table its own canvas's ungrouped notes, never another table's", async () => {
    const s = await createSession(t.http, { tables: ['北町', '南町'] })
    const north = seed(s.sessionId, '北町', ['スーパーが閉店した', '買い物に行けない', '移動販売がほしい', 'ゴミ出しが大変', 'ごみの分別がわからない'])
    seed(s.sessionId, '南町', ['買い物が不便', 'スーパーが遠い'])
    const p = await join(t.http, s.joinCode)
    await postJson(t.http, `/api/sessions/${s.sessionId}/me`, { table: '北町' }, auth(p.participantToken))
    const answer = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-board`, { canvas: 'need', table: '南町' }, auth(p.participantToken))
    expect(answer.status).toBe(200)
    const groups = (answer.body as unknown as SuggestAnswer).groups
    const ids = new Set(north.map((n) => n.id as string))
    expect(groups.length).toBe(2)
    for (const g of groups) for (const id of g.noteIds) expect(ids.has(id)).toBe(true)
    // Notes already in a group are not proposed again.
    t.server.rooms.withDoc(docName(s.sessionId, 'board'), 'board', (room) => groupNotes(room.doc, north[3]!.id, north[4]!.id))
    const later = (await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-board`, { canvas: 'need' }, auth(p.participantToken))).body as unknown as SuggestAnswer
    expect(later.groups.map((g) => g.noteIds.length)).toEqual([3])
    const facilitator = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-board`, { canvas: 'need', table: '南町' }, auth(s.facilitatorKey))
    expect((facilitator.body as unknown as SuggestAnswer).groups.length).toBe(1)
    const noTable = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-board`, { canvas: 'need', table: '西町' }, auth(s.facilitatorKey))
    expect(noTable.status).toBe(400)
    const badCanvas = await postJson(t.http, `/api/sessions/${s.sessionId}/suggest-board`, { canvas: 'wall' }, auth(p.participantToken))
    expect(badCanvas.status).toBe(400)
    expect(badCanvas.body.message).toMatch(/キャンバス/)
  })

  it('names the notes like a dragged one, at the caller’s table only', async () => {
    const s = await createSession(t.http, { tables: ['北町', '南町'] })
    const [a, b, c] = seed(s.sessionId, '北町', ['スーパーが閉店した', '買い物に行けない', '避難所がわからない'])
    const p = await join(t.http, s.joinCode)
    await postJson(t.http, `/api/sessions/${s.sessionId}/me`, { table: '南町' }, auth(p.participantToken))
    const mine = await postJson(t.http, `/api/sessions/${s.sessionId}/similar-notes`, { noteId: a!.id }, auth(s.facilitatorKey))
    expect(mine.status).toBe(200)
    const ids = (mine.body as unknown as SimilarAnswer).notes.map((n) => n.id)
    expect(ids).toContain(b!.id)
    expect(ids).not.toContain(c!.id)
    const foreign = await postJson(t.http, `/api/sessions/${s.sessionId}/similar-notes`, { noteId: a!.id }, auth(p.participantToken))
    expect(foreign.status).toBe(404)
    expect((await postJson(t.http, `/api/sessions/${s.sessionId}/similar-notes`, { noteId: a!.id })).status).toBe(401)
  })
})
