import * as Y from 'yjs'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { test, expect } from './fixtures/people.ts'
import { synced, yClient } from '../helpers/clients.ts'
import { waitFor } from '../helpers/server.ts'
import { loadSampleFixture, seedBoardWithGroups, seedPlan } from '../helpers/seed.ts'
import { addPlanItem, listPlanItems, PLAN_FIELD_MAX } from '../../shared/plan.ts'
import { readBoard } from '../../shared/board.ts'
import { setNoteHidden } from '../../shared/ops/notes.ts'
import { groupNotes, moveGroup, nestGroup } from '../../shared/ops/groups.ts'
import type { Note } from '../../shared/schema.ts'

test('計画案: a group becomes a plan item, 5W2H filled, dragged on the matrix, 賛成 on a tablet, Word and Excel download and parse', async ({ people }) => {
  const fixture = loadSampleFixture()
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { ...fixture.session } })
  const session = (await res.json()) as { sessionId: string; joinCode: string; facilitatorKey: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  const wsBase = people.baseUrl.replace(/^http/, 'ws') + '/ws'

  await test.step('the board holds the sample 住民懇談会 (groups, links, 代筆 notes)', async () => {
    const client = yClient(wsBase, session.sessionId, 'board', session.facilitatorKey, new Y.Doc())
    await synced(client)
    seedBoardWithGroups(client.doc, fixture)
    await waitFor(() => client.doc.getMap('notes').size === fixture.notes.length, 'seeded')
    await new Promise((r) => setTimeout(r, 300))
    client.destroy()
  })

  await facilitator.goto(local(session.urls.facilitator))
  const group = fixture.groups[0]!
  const firstNote = fixture.notes[group.notes[0]!]!

  await test.step('計画案にする on a note of the need group: the draft is prefilled from the group and its links', async () => {
    await facilitator.getByTestId('note').filter({ hasText: firstNote.text }).click()
    await facilitator.getByTestId('sheet.makePlanGroup').click()
    await expect(facilitator.getByTestId('plan.editor')).toBeVisible()
    await expect(facilitator.getByTestId('plan.title')).toHaveValue(group.title)
    await expect(facilitator.getByTestId('plan.needs')).toHaveValue(new RegExp(firstNote.text))
    await expect(facilitator.getByTestId('plan.voices')).toHaveValue(/（70代・住民）/)
    // The group's links to resources and actions fill 活用する資源 and 具体的な取り組み.
    const linked = fixture.links.find((l) => l.from === 'group:0')!.to.map((i) => fixture.notes[i]!)
    const resource = linked.find((n) => n.canvas === 'resource')
    if (resource) await expect(facilitator.getByTestId('plan.resources')).toHaveValue(new RegExp(resource.text.slice(0, 8)))
    const action = linked.find((n) => n.canvas === 'action')
    if (action) await expect(facilitator.getByTestId('plan.actions')).toHaveValue(new RegExp(action.text.slice(0, 8)))
    await expect(facilitator.getByTestId('plan.sources').locator('li')).not.toHaveCount(0)
  })

  await test.step('the facilitator fills 5W2H and the other fields; they reach the server', async () => {
    const fills: Array<[string, string]> = [
      ['plan.goal', '歩いて行ける場所で買い物と交流ができる'],
      ['plan.w5h2.who', '北町自治会・商工会'],
      ['plan.w5h2.where', 'さくら台公民館'],
      ['plan.w5h2.when', '2027年6月までに試行'],
      ['plan.w5h2.what', '移動販売に合わせたお茶のみサロン'],
      ['plan.w5h2.how', '回覧で周知し、送迎を手伝う'],
      ['plan.w5h2.howMuch', 'お茶代100円'],
    ]
    for (const [id, value] of fills) await facilitator.getByTestId(id).fill(value)
    await facilitator.getByTestId('plan.division').selectOption('new')
    await facilitator.getByTestId('plan.area').selectOption('elementary')
    await facilitator.getByTestId('plan.category').selectOption(fixture.session.categories![0]!)
    await facilitator.getByTestId('plan.title').click()
    const control = yClient(wsBase, session.sessionId, 'control', session.facilitatorKey, new Y.Doc())
    await synced(control)
    await expect.poll(() => listPlanItems(control.doc)[0]?.w5h2.howMuch).toBe('お茶代100円')
    expect(listPlanItems(control.doc)[0]).toMatchObject({ division: 'new', area: 'elementary', goal: fills[0]![1], category: fixture.session.categories![0] })
    control.destroy()
  })

  await test.step('the new item is 未評価, beside the matrix; dragged onto it, it gets its scores, and the projector shows it there', async () => {
    await facilitator.getByTestId('tab.matrix').click()
    await facilitator.getByTestId('plan.project.matrix').click()
    const projectorUrl = new URL(local(session.urls.projector))
    const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)
    // Not rated yet: in the tray, in no cell, on both screens.
    for (const page of [facilitator, projector]) {
      await expect(page.getByTestId('matrix.unrated').getByTestId('matrix.card')).toHaveCount(1)
      await expect(page.getByTestId('matrix').getByTestId('matrix.card')).toHaveCount(0)
    }
    const card = facilitator.getByTestId('matrix.card')
    const target = facilitator.getByTestId('matrix.cell.5.4')
    const from = (await card.boundingBox())!
    const to = (await target.boundingBox())!
    await facilitator.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await facilitator.mouse.down()
    await facilitator.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 })
    await facilitator.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 })
    // A screen reader hears the drag in Japanese, by the item's title (dnd-kit's own words: English, with ids).
    const live = facilitator.locator('[id^="DndLiveRegion"]')
    await expect(live).toContainText('波及効果 5・実現可能性 4の上にあります')
    await facilitator.mouse.up()
    await expect(live).not.toContainText(/Draggable|droppable/)
    await expect(facilitator.getByTestId('matrix.cell.5.4').getByTestId('matrix.card')).toHaveCount(1)
    await expect(projector.getByTestId('projector.matrix').getByTestId('matrix.cell.5.4').getByTestId('matrix.card')).toHaveCount(1)
    await expect(projector.getByTestId('matrix.unrated')).toHaveCount(0)
    // The keyboard moves it too: one cell left is 実現可能性 3.
    await facilitator.getByTestId('matrix.card').focus()
    await facilitator.keyboard.press('ArrowLeft')
    await expect(facilitator.getByTestId('matrix.cell.5.3').getByTestId('matrix.card')).toHaveCount(1)
    // The card keeps the focus in its new cell: a second press moves it on.
    await facilitator.keyboard.press('ArrowDown')
    await expect(facilitator.getByTestId('matrix.cell.4.3').getByTestId('matrix.card')).toHaveCount(1)
    await facilitator.keyboard.press('ArrowUp')
    await expect(facilitator.getByTestId('matrix.cell.5.3').getByTestId('matrix.card')).toHaveCount(1)
    // Back on the board, みんなの画面を合わせる brings the projector back to the board too.
    await facilitator.getByTestId('tab.board').click()
    await facilitator.getByRole('button', { name: '操作パネルを出す' }).click()
    await facilitator.getByTestId('view.share').click()
    await expect(projector.getByTestId('projector.matrix')).toHaveCount(0)
    await expect(projector.locator('.board-canvas').first()).toBeVisible()
  })

  await test.step('a tablet sees the plan read-only and marks 賛成 once the facilitator opens it', async () => {
    const tablet = await people.open('tablet', `/j/${session.joinCode}`)
    await tablet.getByTestId('join.anonymous').tap()
    await tablet.getByTestId('join.table').first().tap()
    await expect(tablet.getByTestId('participant.plan')).toBeVisible()
    await facilitator.getByTestId('tab.plan').click()
    await facilitator.getByTestId('plan.agreeToggle').click()
    await expect(tablet.getByTestId('plan.card')).toContainText(group.title)
    // What a resident agrees to: the need it answers and what will be done, not only its title and 5W2H; never a
    // speaker's 年代・立場 (住民の声 stays off the tablets and the projector).
    for (const text of ['背景となるニーズ', firstNote.text, '具体的な取り組み']) await expect(tablet.getByTestId('plan.card')).toContainText(text)
    await expect(tablet.getByTestId('plan.card')).not.toContainText('（70代・住民）')
    await tablet.getByTestId('plan.agree').tap()
    await expect(tablet.getByTestId('plan.agree')).toHaveAttribute('aria-pressed', 'true')
    await expect(facilitator.getByTestId('plan.item')).toContainText('賛成 1')
  })

  await test.step('Word and Excel downloads open and hold the plan item', async () => {
    await facilitator.getByTestId('tab.export').click()
    const [docx] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByTestId('export.export.docx').click()])
    expect(docx.suggestedFilename()).toMatch(/計画案\.docx$/)
    const zip = await JSZip.loadAsync(fs.readFileSync((await docx.path())!))
    const xml = await zip.file('word/document.xml')!.async('string')
    for (const text of [group.title, '北町自治会・商工会', 'お茶代100円', '2027年6月までに試行']) expect(xml).toContain(text)
    await expect(facilitator.getByTestId('export.status')).toContainText('保存しました')

    const [xlsx] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByTestId('export.export.xlsx').click()])
    expect(xlsx.suggestedFilename()).toMatch(/_記録と計画案\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await xlsx.path())!)
    const plan = workbook.getWorksheet('計画案')!
    expect(plan.rowCount).toBe(2)
    const values = (plan.getRow(2).values as unknown[]).map(String)
    expect(values).toEqual(expect.arrayContaining([group.title, 'さくら台公民館', '5', '3']))
  })

  await test.step('the print view of the needs lays notes out for paper', async () => {
    await facilitator.getByTestId('print.need').click()
    await expect(facilitator.getByTestId('print.view')).toContainText(firstNote.text)
    await facilitator.emulateMedia({ media: 'print' })
    await expect(facilitator.getByTestId('print.go')).toBeHidden()
    // A page break never falls through a note.
    const breaks = await facilitator.locator('.print-note').evaluateAll((notes) => [...new Set(notes.map((n) => getComputedStyle(n).breakInside))])
    expect(breaks).toEqual(['avoid'])
    const pdf = await facilitator.pdf({ preferCSSPageSize: true })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await facilitator.emulateMedia({ media: 'screen' })
  })
})

/** A session with one plan item, made through the control document; the facilitator's page and its item. */
async function sessionWithItem(people: { baseUrl: string; open: (kind: 'laptop', path?: string) => Promise<import('@playwright/test').Page> }, patch: Parameters<typeof addPlanItem>[1]) {
  const fixture = loadSampleFixture()
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { ...fixture.session } })
  const session = (await res.json()) as { sessionId: string; facilitatorKey: string; urls: { facilitator: string } }
  const wsBase = people.baseUrl.replace(/^http/, 'ws') + '/ws'
  const control = yClient(wsBase, session.sessionId, 'control', session.facilitatorKey, new Y.Doc())
  await synced(control)
  const item = addPlanItem(control.doc, patch)
  const local = session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl)
  const openItem = async (page: import('@playwright/test').Page) => {
    await page.goto(local)
    await page.getByTestId('tab.plan').click()
    await page.getByTestId('plan.item').filter({ hasText: item.title }).click()
    await expect(page.getByTestId('plan.editor')).toBeVisible()
  }
  await openItem(facilitator)
  return { facilitator, control, item, openItem }
}

test('計画案: focusing a field and leaving it without typing does not write back over another laptop\'s edit', async ({ people }) => {
  const { facilitator: a, control, item, openItem } = await sessionWithItem(people, { title: '見守りの輪', goal: '元の目標' })
  const b = await people.open('laptop')
  await openItem(b)
  // A clicks into 地域の目標 to read it; meanwhile B rewrites it.
  await a.getByTestId('plan.goal').click()
  await b.getByTestId('plan.goal').fill('Bが書き直した目標')
  await b.getByTestId('plan.title').click()
  await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.goal).toBe('Bが書き直した目標')
  // A, still in the field, sees B's text, and leaving the field keeps it.
  await expect(a.getByTestId('plan.goal')).toHaveValue('Bが書き直した目標')
  await a.getByTestId('plan.title').click()
  await a.getByTestId('plan.needs').click()
  await expect(b.getByTestId('plan.goal')).toHaveValue('Bが書き直した目標')
  expect(listPlanItems(control.doc).find((i) => i.id === item.id)?.goal).toBe('Bが書き直した目標')
  control.destroy()
})

test('計画案: what was typed just before the page is reloaded or closed is saved, not only after a pause', async ({ people }) => {
  const { facilitator, control, item, openItem } = await sessionWithItem(people, { title: '見守りの輪', w5h2: { howMuch: '元の費用' } })
  await facilitator.getByTestId('plan.w5h2.howMuch').fill('カード印刷費 約2万円')
  // Reloaded at once, within the pause after which a field writes itself: before, the text was lost.
  await facilitator.reload()
  await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.w5h2.howMuch).toBe('カード印刷費 約2万円')
  await openItem(facilitator)
  await expect(facilitator.getByTestId('plan.w5h2.howMuch')).toHaveValue('カード印刷費 約2万円')
  control.destroy()
})

test('計画案: a paste longer than a field holds is kept whole with a Japanese message, and saved once it fits', async ({ people }) => {
  const { facilitator, control, item } = await sessionWithItem(people, { title: '声を集める' })
  const voices = Array.from({ length: 300 }, (_, i) => `・${i + 1}人目の声「近くに話せる場所がほしい」`).join('\n')
  expect(voices.length).toBeGreaterThan(PLAN_FIELD_MAX)
  await facilitator.getByTestId('plan.voices').fill(voices)
  await facilitator.getByTestId('plan.title').click()
  // Nothing cut: the field still holds every line, says why it is not saved, and the document is untouched.
  await expect(facilitator.getByTestId('plan.voices')).toHaveValue(voices)
  await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveText(`住民の声は${PLAN_FIELD_MAX}文字までです（いま${voices.length}文字）。減らすまで保存されません。`)
  expect(listPlanItems(control.doc).find((i) => i.id === item.id)?.voices).toBe('')
  // Shortened to fit, it is written and the message goes.
  const fits = voices.split('\n').slice(0, 100).join('\n')
  await facilitator.getByTestId('plan.voices').fill(fits)
  await facilitator.getByTestId('plan.title').click()
  await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveCount(0)
  await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.voices).toBe(fits)
  control.destroy()
})

test('計画案: text over a field\'s limit is kept on the laptop across switching items and a reload, until shortened', async ({ people }) => {
  const { facilitator, control, item } = await sessionWithItem(people, { title: '声を集める' })
  const other = addPlanItem(control.doc, { title: '二つ目の計画案', voices: '二つ目の声' })
  await expect(facilitator.getByTestId('plan.item').filter({ hasText: other.title })).toHaveCount(1)
  const voices = Array.from({ length: 300 }, (_, i) => `・${i + 1}人目の声「近くに話せる場所がほしい」`).join('\n')
  const title = `${'とても長い取り組み名'.repeat(11)}`
  expect(title.length).toBeGreaterThan(100)
  const message = (field: string, max: number, n: number) => `${field}は${max}文字までです（いま${n}文字）。減らすまで保存されません。`
  const refused = async () => {
    await expect(facilitator.getByTestId('plan.voices')).toHaveValue(voices)
    await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveText(message('住民の声', PLAN_FIELD_MAX, voices.length))
    await expect(facilitator.getByTestId('plan.title')).toHaveValue(title)
    await expect(facilitator.getByTestId('plan.title.tooLong')).toHaveText(message('取り組み名', 100, title.length))
  }
  const open = (name: string) => facilitator.getByTestId('plan.item').filter({ hasText: name }).click()

  await test.step('typed over the limit in two fields, the text stays with its message', async () => {
    await facilitator.getByTestId('plan.voices').fill(voices)
    await facilitator.getByTestId('plan.title').fill(title)
    await facilitator.getByTestId('plan.goal').click()
    await refused()
  })

  await test.step('another item opened meanwhile shows its own fields, and coming back brings the refused text back', async () => {
    await open(other.title)
    await expect(facilitator.getByTestId('plan.voices')).toHaveValue('二つ目の声')
    await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveCount(0)
    await open(item.title)
    await refused()
  })

  await test.step('after a reload it is still there, and the document never took it', async () => {
    await facilitator.reload()
    await facilitator.getByTestId('tab.plan').click()
    await open(item.title)
    await refused()
    const stored = listPlanItems(control.doc).find((i) => i.id === item.id)!
    expect([stored.title, stored.voices]).toEqual(['声を集める', ''])
  })

  await test.step('shortened to fit, it is saved, the message goes, and a reload shows the saved text', async () => {
    const fits = voices.split('\n').slice(0, 100).join('\n')
    await facilitator.getByTestId('plan.voices').fill(fits)
    await facilitator.getByTestId('plan.title').fill('話せる場所づくり')
    await facilitator.getByTestId('plan.goal').click()
    await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.voices).toBe(fits)
    await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.title).toBe('話せる場所づくり')
    await facilitator.reload()
    await facilitator.getByTestId('tab.plan').click()
    await open('話せる場所づくり')
    await expect(facilitator.getByTestId('plan.voices')).toHaveValue(fits)
    await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveCount(0)
    await expect(facilitator.getByTestId('plan.title.tooLong')).toHaveCount(0)
  })
  control.destroy()
})

/** The sample 住民懇談会 with its groups, links and plan items, and the facilitator's page on it. */
async function sampleSession(
  people: { baseUrl: string; open: (kind: 'laptop' | 'projector', path?: string) => Promise<import('@playwright/test').Page> },
  more: Array<Parameters<typeof addPlanItem>[1]> = [],
  /** Changes to the seeded board before the page opens (a hidden note, a 小グループ). */
  prepare: (board: Y.Doc) => void = () => {},
) {
  const fixture = loadSampleFixture()
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { ...fixture.session } })
  const session = (await res.json()) as { sessionId: string; facilitatorKey: string; urls: { facilitator: string; projector: string } }
  const wsBase = people.baseUrl.replace(/^http/, 'ws') + '/ws'
  const board = yClient(wsBase, session.sessionId, 'board', session.facilitatorKey, new Y.Doc())
  const control = yClient(wsBase, session.sessionId, 'control', session.facilitatorKey, new Y.Doc())
  await Promise.all([synced(board), synced(control)])
  const { groupIds } = seedBoardWithGroups(board.doc, fixture)
  prepare(board.doc)
  const items = [...seedPlan(control.doc, board.doc, groupIds, fixture), ...more.map((patch, i) => addPlanItem(control.doc, patch, null, 1_800_000_000_000 + i))]
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await expect(facilitator.getByTestId('tab.plan')).toContainText(String(items.length))
  board.destroy()
  control.destroy()
  const projectorUrl = new URL(session.urls.projector)
  return { facilitator, items, projectorPath: projectorUrl.pathname + projectorUrl.hash }
}

/** The pages of a PDF that Chromium printed. */
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length

test('計画案を印刷: each plan item of the sample fits one A4 landscape page, its 分類 heading on the same page', async ({ people }) => {
  const { facilitator, items } = await sampleSession(people)
  await facilitator.getByTestId('tab.export').click()
  await facilitator.getByTestId('print.plan').click()
  await expect(facilitator.locator('table.print-plan')).toHaveCount(items.length)
  await facilitator.emulateMedia({ media: 'print' })
  const pdf = await facilitator.pdf({ preferCSSPageSize: true })
  // Before, a 19-row table ran over a page and its heading was left alone on the first: five pages for two items.
  expect(pdfPages(pdf)).toBe(items.length)
  await facilitator.emulateMedia({ media: 'screen' })
})

test('優先度マトリクスを印刷: the matrix with its axis labels fits one A4 landscape page', async ({ people }) => {
  const { facilitator } = await sampleSession(people)
  await facilitator.getByTestId('tab.export').click()
  await facilitator.getByTestId('print.matrix').click()
  await expect(facilitator.getByTestId('print.view').getByTestId('matrix.card')).not.toHaveCount(0)
  await facilitator.emulateMedia({ media: 'print' })
  // Before, 実現可能性 → fell alone onto a second page.
  expect(pdfPages(await facilitator.pdf({ preferCSSPageSize: true }))).toBe(1)
  await facilitator.emulateMedia({ media: 'screen' })
})

test('ニーズを印刷: a note the facilitator hid is not on the paper, as it is in no export', async ({ people }) => {
  const fixture = loadSampleFixture()
  const hidden = fixture.notes.find((n) => n.canvas === 'need' && n.table === '北町')!.text
  const shown = fixture.notes.filter((n) => n.canvas === 'need' && n.table === '北町')[1]!.text
  const { facilitator } = await sampleSession(people, [], (board) => {
    const note = readBoard(board).notes.find((n) => n.text === hidden)!
    setNoteHidden(board, note.id, true)
  })
  await facilitator.getByTestId('tab.export').click()
  await facilitator.getByTestId('print.need').click()
  await expect(facilitator.getByTestId('print.view')).toContainText(shown)
  // Before, the print view drew the facilitator's board, hidden notes included.
  await expect(facilitator.getByTestId('print.view')).not.toContainText(hidden)
})

test('抜けの確認 → ボードで見る: the group is brought whole into view, wherever on the canvas it lies', async ({ people }) => {
  // The need groups far down and to the right of the canvas, where the laptop's view does not start.
  const { facilitator } = await sampleSession(people, [], (board) => {
    for (const group of readBoard(board).groups) if (group.canvas === 'need' && !group.parentId) moveGroup(board, group.id, { x: group.pos.x + 2400, y: group.pos.y + 1600 })
  })
  await facilitator.getByTestId('tab.gaps').click()
  const gap = facilitator.getByTestId('gap').first()
  const title = ((await gap.locator('strong').textContent()) ?? '').replace(/^【|】$/g, '')
  await gap.getByRole('button', { name: 'ボードで見る' }).click()
  const canvas = facilitator.getByTestId('canvas.need')
  const frame = canvas.getByTestId('group').filter({ has: facilitator.getByTestId('group.title').filter({ hasText: title }) }).first()
  await expect(frame).toBeVisible()
  // Whole within the canvas's box (before, the view did not move and the frame was out of sight).
  await expect
    .poll(async () => {
      const [box, at] = [await canvas.boundingBox(), await frame.boundingBox()]
      return !!box && !!at && at.x >= box.x && at.y >= box.y && at.x + at.width <= box.x + box.width && at.y + at.height <= box.y + box.height
    })
    .toBe(true)
})

test('ニーズを印刷: a 小グループ keeps its 表札 on the paper, above its own notes, as in Word', async ({ people }) => {
  let loose: Note[] = []
  const { facilitator } = await sampleSession(people, [], (board) => {
    loose = readBoard(board).notes.filter((n) => n.canvas === 'need' && n.table === '南町' && !n.groupId)
    const parent = groupNotes(board, loose[0]!.id, loose[1]!.id, null, '暮らしの担い手')
    const child = groupNotes(board, loose[2]!.id, loose[3]!.id, null, '避難と孤立')
    nestGroup(board, child.id, parent.id)
  })
  await facilitator.getByTestId('tab.export').click()
  await facilitator.getByTestId('print.need').click()
  const view = facilitator.getByTestId('print.view')
  await expect(view).toContainText('【暮らしの担い手】')
  // Before, the 小グループ's notes were run in with its parent's and its 表札 was not printed.
  await expect(view).toContainText('【避難と孤立】')
  const text = (await view.textContent())!
  expect(text.indexOf('【避難と孤立】')).toBeGreaterThan(text.indexOf(loose[1]!.text))
  expect(text.indexOf('【避難と孤立】')).toBeLessThan(text.indexOf(loose[2]!.text))
})

test('計画案を印刷 with no plan item yet, アクションを印刷 with no note: the paper says so, as Word does, instead of coming out blank', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { ...loadSampleFixture().session } })
  const session = (await res.json()) as { urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await facilitator.getByTestId('tab.export').click()
  await facilitator.getByTestId('print.plan').click()
  await expect(facilitator.getByTestId('print.empty')).toHaveText('計画案はまだありません。')
  await facilitator.getByRole('button', { name: '戻る' }).click()
  await facilitator.getByTestId('print.action').click()
  await expect(facilitator.getByTestId('print.empty')).toHaveText('なし')
})

test('計画案をプロジェクターに映す: the item chosen on the laptop comes into view on the projector, however long the list', async ({ people }) => {
  const w5h2 = { why: '理由を三行ほど書いておく。'.repeat(3), who: '自治会・民生委員・地区社協', where: '公民館', when: '2027年度', what: '何をするか', how: 'どのように進めるか', howMuch: '共同募金配分金' }
  const more = ['防災マイプラン', 'ゴミ出し支援', '男性の居場所', '子ども食堂'].map((title) => ({ title, goal: `${title}の目標`, category: '地域をともに創る人を育む', w5h2 }))
  const { facilitator, items, projectorPath } = await sampleSession(people, more)
  const projector = await people.open('projector', projectorPath)
  await facilitator.getByTestId('tab.plan').click()
  await facilitator.getByTestId('plan.project.plan').click()
  const last = items[items.length - 1]!
  const card = projector.getByTestId('plan.card').filter({ hasText: last.title })
  await expect(card).toBeVisible()
  // Six items do not fit a 1080p screen: the last one starts out of sight.
  await expect(card).not.toBeInViewport()
  await facilitator.getByTestId('plan.item').filter({ hasText: last.title }).click()
  await expect(card).toBeInViewport()
  await expect(card).toHaveAttribute('aria-current', 'true')
})

test('優先度マトリクスをプロジェクターに映す: the whole matrix, both axes included, fits a 1280×720 projector without scrolling', async ({ people }) => {
  const { facilitator, projectorPath } = await sampleSession(people)
  const projector = await people.open('projector', projectorPath)
  await projector.setViewportSize({ width: 1280, height: 720 })
  await facilitator.getByTestId('tab.matrix').click()
  await facilitator.getByTestId('plan.project.matrix').click()
  const matrix = projector.getByTestId('projector.matrix').getByTestId('matrix')
  await expect(matrix.getByTestId('matrix.card')).not.toHaveCount(0)
  // Before, rows 1 and 2 and the 実現可能性 axis were below the bottom of a 720-tall screen.
  await expect(matrix).toBeInViewport({ ratio: 1 })
  for (const part of [matrix.getByTestId('matrix.cell.1.1'), matrix.getByTestId('matrix.cell.5.5'), matrix.locator('.matrix-x-label'), matrix.locator('.matrix-y-label')]) await expect(part).toBeInViewport({ ratio: 1 })
  expect(await projector.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)
  // A cell holding one item shows its whole title over a few lines, not its first four or five characters and …
  const alone = await matrix.locator('.matrix-cell').evaluateAll((cells) =>
    cells
      .map((cell) => [...cell.querySelectorAll<HTMLElement>('.matrix-card-title')])
      .filter((titles) => titles.length === 1)
      .map(([title]) => ({ text: title!.textContent, clipped: title!.scrollHeight > title!.clientHeight + 1 || title!.scrollWidth > title!.clientWidth + 1, lines: Math.round(title!.clientHeight / parseFloat(getComputedStyle(title!).lineHeight)) })),
  )
  expect(alone.length).toBeGreaterThan(0)
  for (const title of alone) expect(title, JSON.stringify(title)).toMatchObject({ clipped: false })
  expect(alone.some((title) => title.lines > 1)).toBe(true)
})

test('未評価: new items wait beside the matrix until rated; one score places them; a crowded projector cell lists titles on one line each and ほか N件', async ({ people }) => {
  const crowd = ['移動販売車を毎週呼ぶ', '買い物ついでのお茶のみ会を公民館で月二回ひらく', '送迎ボランティアの登録', '商店街の宅配サービスの案内', 'ネットスーパーの使い方教室', '買い物代行の仕組みづくり', '見守りと買い物を一緒に']
  const unrated = ['防災マイプランづくり', 'ゴミ出し支援', '男性の居場所']
  const { facilitator, items, projectorPath } = await sampleSession(people, [...crowd.map((title) => ({ title, impact: 4, feasibility: 4 })), ...unrated.map((title) => ({ title }))])
  const projector = await people.open('projector', projectorPath)
  await projector.setViewportSize({ width: 1280, height: 720 })
  await facilitator.getByTestId('tab.matrix').click()
  await facilitator.getByTestId('plan.project.matrix').click()

  await test.step('the unrated items are in the 未評価 tray on the laptop and the projector, in no cell', async () => {
    for (const page of [facilitator, projector]) {
      const tray = page.getByTestId('matrix.unrated')
      await expect(tray).toContainText('未評価（3件）')
      for (const title of unrated) await expect(tray.getByTestId('matrix.card').filter({ hasText: title })).toHaveCount(1)
      for (const title of unrated) await expect(page.getByTestId('matrix').getByTestId('matrix.card').filter({ hasText: title })).toHaveCount(0)
    }
  })

  await test.step('on the projector the crowded cell shows whole one-line titles and counts the rest, without spilling over', async () => {
    const cell = projector.getByTestId('projector.matrix').getByTestId('matrix.cell.4.4')
    const inCell = items.filter((i) => i.impact === 4 && i.feasibility === 4).length
    expect(inCell).toBe(crowd.length + 1)
    await expect(cell.getByTestId('matrix.rest')).toBeVisible()
    const shown = await cell.getByTestId('matrix.card').count()
    expect(shown).toBeGreaterThan(0)
    await expect(cell.getByTestId('matrix.rest')).toHaveText(`ほか ${inCell - shown}件`)
    const layout = await cell.evaluate((el) => ({
      overflow: el.scrollHeight - el.clientHeight,
      lines: [...el.querySelectorAll('.matrix-card-title')].map((t) => t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)),
    }))
    expect(layout.overflow).toBeLessThanOrEqual(1)
    for (const lines of layout.lines) expect(lines).toBeLessThan(1.5)
    await expect(projector.getByTestId('projector.matrix').getByTestId('matrix')).toBeInViewport({ ratio: 1 })
  })

  await test.step('in the editor, one score for an unrated item sets the other to 3 and it leaves the tray for the matrix', async () => {
    await facilitator.getByTestId('tab.plan').click()
    await facilitator.getByTestId('plan.item').filter({ hasText: 'ゴミ出し支援' }).click()
    await expect(facilitator.getByTestId('plan.impact.unrated')).toHaveText('未評価')
    await expect(facilitator.getByTestId('plan.item').filter({ hasText: 'ゴミ出し支援' })).toContainText('未評価')
    await facilitator.getByTestId('plan.impact').getByRole('button', { name: '5' }).click()
    await expect(facilitator.getByTestId('plan.impact').getByRole('button', { name: '5' })).toHaveAttribute('aria-pressed', 'true')
    await expect(facilitator.getByTestId('plan.feasibility').getByRole('button', { name: '3' })).toHaveAttribute('aria-pressed', 'true')
    await expect(facilitator.getByTestId('plan.impact.unrated')).toHaveCount(0)
    await expect(facilitator.getByTestId('plan.item').filter({ hasText: 'ゴミ出し支援' })).toContainText('波及効果 5・実現可能性 3')
    const matrix = projector.getByTestId('projector.matrix')
    await expect(matrix.getByTestId('matrix.cell.5.3').getByTestId('matrix.card').filter({ hasText: 'ゴミ出し支援' })).toHaveCount(1)
    await expect(matrix.getByTestId('matrix.unrated')).toContainText('未評価（2件）')
  })
})

test('未評価に戻す: a rated item dropped on the 未評価 tray, or set back from the editor, leaves the matrix on the laptop and the projector, and Excel says 未評価', async ({ people }) => {
  const { facilitator, projectorPath } = await sampleSession(people, [
    { title: '見守りの輪', impact: 5, feasibility: 4 },
    { title: 'ゴミ出し支援', impact: 2, feasibility: 2 },
  ])
  const projector = await people.open('projector', projectorPath)
  await facilitator.getByTestId('tab.matrix').click()
  await facilitator.getByTestId('plan.project.matrix').click()
  const onProjector = projector.getByTestId('projector.matrix')
  await expect(onProjector.getByTestId('matrix.cell.2.2').getByTestId('matrix.card').filter({ hasText: 'ゴミ出し支援' })).toHaveCount(1)
  // Every item of the sample is rated: the projector shows no tray, the laptop an empty one to drop on.
  await expect(onProjector.getByTestId('matrix.unrated')).toHaveCount(0)
  await expect(facilitator.getByTestId('matrix.unrated')).toContainText('未評価（0件）')

  await test.step('a card dragged from its cell onto the tray goes back to 未評価, on both screens', async () => {
    const card = facilitator.getByTestId('matrix.cell.2.2').getByTestId('matrix.card')
    const from = (await card.boundingBox())!
    const to = (await facilitator.getByTestId('matrix.unrated').boundingBox())!
    await facilitator.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await facilitator.mouse.down()
    await facilitator.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 })
    await facilitator.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 })
    await facilitator.mouse.up()
    for (const page of [facilitator, onProjector]) {
      await expect(page.getByTestId('matrix.unrated').getByTestId('matrix.card').filter({ hasText: 'ゴミ出し支援' })).toHaveCount(1)
      await expect(page.getByTestId('matrix').getByTestId('matrix.card').filter({ hasText: 'ゴミ出し支援' })).toHaveCount(0)
    }
    await expect(onProjector.getByTestId('matrix.unrated')).toContainText('未評価（1件）')
  })

  await test.step('in the editor, 未評価に戻す shows only on a rated item, and clears both of its scores at once', async () => {
    await facilitator.getByTestId('tab.plan').click()
    await facilitator.getByTestId('plan.item').filter({ hasText: 'ゴミ出し支援' }).click()
    await expect(facilitator.getByTestId('plan.impact.unrated')).toHaveText('未評価')
    await expect(facilitator.getByTestId('plan.unrate')).toHaveCount(0)
    await facilitator.getByTestId('plan.item').filter({ hasText: '見守りの輪' }).click()
    await expect(facilitator.getByTestId('plan.impact').getByRole('button', { name: '5' })).toHaveAttribute('aria-pressed', 'true')
    await facilitator.getByRole('button', { name: '未評価に戻す' }).click()
    for (const axis of ['plan.impact', 'plan.feasibility']) {
      await expect(facilitator.getByTestId(`${axis}.unrated`)).toHaveText('未評価')
      await expect(facilitator.getByTestId(axis).locator('[aria-pressed="true"]')).toHaveCount(0)
    }
    await expect(facilitator.getByTestId('plan.unrate')).toHaveCount(0)
    // The focus is not dropped with the button: it is on the first score, to rate again or move on.
    await expect(facilitator.getByTestId('plan.impact').getByRole('button', { name: '1' })).toBeFocused()
    await expect(facilitator.getByTestId('plan.item').filter({ hasText: '見守りの輪' })).toContainText('未評価')
    await expect(onProjector.getByTestId('matrix.unrated').getByTestId('matrix.card').filter({ hasText: '見守りの輪' })).toHaveCount(1)
    await expect(onProjector.getByTestId('matrix').getByTestId('matrix.card').filter({ hasText: '見守りの輪' })).toHaveCount(0)
    await expect(onProjector.getByTestId('matrix.unrated')).toContainText('未評価（2件）')
  })

  await test.step('the Excel workbook says 未評価 for both scores of both items set back', async () => {
    await facilitator.getByTestId('tab.export').click()
    const [xlsx] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByTestId('export.export.xlsx').click()])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await xlsx.path())!)
    const rows: string[][] = []
    workbook.getWorksheet('計画案')!.eachRow((row) => rows.push((row.values as unknown[]).map(String)))
    for (const title of ['見守りの輪', 'ゴミ出し支援']) {
      const row = rows.find((values) => values.includes(title))!
      expect(row.filter((v) => v === '未評価'), title).toHaveLength(2)
    }
  })
})

test('計画案の一覧: an item holding text over a limit on this laptop is marked in the list, live, across switching and a reload, until every field is shortened', async ({ people }) => {
  const { facilitator, control, item } = await sessionWithItem(people, { title: '声を集める' })
  const other = addPlanItem(control.doc, { title: '二つ目の計画案' })
  const entry = (title: string) => facilitator.getByTestId('plan.item').filter({ hasText: title })
  await expect(entry(other.title)).toHaveCount(1)
  const marked = (title: string) => facilitator.getByRole('button', { name: new RegExp(`${title}.*長すぎて未保存の文あり`) })
  await expect(facilitator.getByTestId('plan.item.overLimit')).toHaveCount(0)
  const voices = Array.from({ length: 300 }, (_, i) => `・${i + 1}人目の声「近くに話せる場所がほしい」`).join('\n')
  const title = 'とても長い取り組み名'.repeat(11)

  await test.step('typed over the limit, the item is marked while its editor is still open; the other is not', async () => {
    await facilitator.getByTestId('plan.voices').fill(voices)
    await expect(marked(item.title)).toHaveCount(1)
    await facilitator.getByTestId('plan.title').fill(title)
    await expect(entry(other.title).getByTestId('plan.item.overLimit')).toHaveCount(0)
    await expect(facilitator.getByTestId('plan.item.overLimit')).toHaveCount(1)
  })

  await test.step('switching to the other item and reloading, the mark stays', async () => {
    await entry(other.title).click()
    await expect(facilitator.getByTestId('plan.editor')).toContainText(other.title)
    await expect(marked(item.title)).toHaveCount(1)
    await facilitator.reload()
    await facilitator.getByTestId('tab.plan').click()
    await expect(marked(item.title)).toHaveCount(1)
    await expect(entry(other.title).getByTestId('plan.item.overLimit')).toHaveCount(0)
  })

  await test.step('書き出し says before saving that the item’s kept text is in no file, naming it', async () => {
    await facilitator.getByTestId('tab.export').click()
    await expect(facilitator.getByTestId('export.overLimit')).toContainText(`「${item.title}」`)
    await expect(facilitator.getByTestId('export.overLimit')).not.toContainText(other.title)
    await facilitator.getByTestId('tab.plan').click()
  })

  await test.step('one field shortened, the other still over: still marked; both shortened: the mark goes', async () => {
    await entry(item.title).click()
    await facilitator.getByTestId('plan.voices').fill(voices.split('\n').slice(0, 100).join('\n'))
    await expect(facilitator.getByTestId('plan.voices.tooLong')).toHaveCount(0)
    await expect(marked(item.title)).toHaveCount(1)
    await facilitator.getByTestId('plan.title').fill('話せる場所づくり')
    await expect(facilitator.getByTestId('plan.item.overLimit')).toHaveCount(0)
    await expect.poll(() => listPlanItems(control.doc).find((i) => i.id === item.id)?.title).toBe('話せる場所づくり')
    await facilitator.getByTestId('tab.export').click()
    await expect(facilitator.getByTestId('export.export.docx')).toBeVisible()
    await expect(facilitator.getByTestId('export.overLimit')).toHaveCount(0)
  })
  control.destroy()
})

test('優先度マトリクス on the laptop: a long 未評価 tray scrolls beside the matrix instead of stretching it (実現可能性 → stays under the grid)', async ({ people }) => {
  const { facilitator, control } = await sessionWithItem(people, { title: '高齢者の見守りと移動支援を地域ぐるみで進めるための取り組み'.repeat(3) })
  for (let i = 1; i <= 12; i++) addPlanItem(control.doc, { title: `取り組み ${i}` })
  await facilitator.getByTestId('tab.matrix').click()
  await expect(facilitator.getByTestId('matrix.unrated').getByTestId('matrix.card')).toHaveCount(13)
  const box = async (selector: string) => (await facilitator.locator(selector).first().boundingBox())!
  const lastRow = (await facilitator.locator('.matrix-grid > .matrix-row').last().boundingBox())!
  const [xLabel, tray, matrix] = [await box('.matrix-x-label'), await box('[data-testid="matrix.unrated"]'), await box('[data-testid="matrix"]')]
  // The axis label right under the last row (the scores 1–5), and the tray no taller than the matrix beside it.
  expect(xLabel.y - (lastRow.y + lastRow.height)).toBeLessThan(24)
  expect(tray.height).toBeLessThanOrEqual(matrix.height + 1)
  // Every card is still there to reach: the tray scrolls.
  const last = facilitator.getByTestId('matrix.unrated').getByTestId('matrix.card').last()
  await last.scrollIntoViewIfNeeded()
  await expect(last).toBeInViewport()
  control.destroy()
})
