import { test, expect } from './fixtures/people.ts'
import { noteTexts } from './fixtures/pages.ts'

test('ギャラリーウォーク and 全体共有 across two tables', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '全体共有の練習', kind: 'kondankai', template: 'blank', tables: ['北町', '南町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  await facilitator.goto(local(session.urls.facilitator))
  const [north, south] = [await people.open('tablet', `/j/${session.joinCode}`), await people.open('tablet', `/j/${session.joinCode}`)]
  for (const [tablet, table, text] of [[north, '北町', '買い物が大変'], [south, '南町', '子どもの居場所がない']] as const) {
    await tablet.getByTestId('join.anonymous').tap()
    await tablet.getByTestId('join.table').filter({ hasText: table }).tap()
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
    await expect(noteTexts(tablet)).toHaveText([text])
  }

  await test.step('the facilitator’s overview shows every table live', async () => {
    await facilitator.getByTestId('overview.toggle').click()
    await expect(facilitator.getByTestId('overview.table')).toHaveCount(2)
    await expect(facilitator.getByTestId('overview.table').filter({ hasText: '北町' }).getByTestId('note')).toHaveText(/買い物が大変/)
    await expect(facilitator.getByTestId('overview.table').filter({ hasText: '南町' })).toContainText('接続 1人')
    await facilitator.getByTestId('overview.toggle').click()
  })

  await test.step('in the gallery walk a resident visits the other table, likes a note and leaves a comment', async () => {
    await facilitator.getByTestId('gallery.toggle').click()
    await expect(north.getByTestId('gallery.bar')).toBeVisible()
    await north.getByTestId('gallery.visit').selectOption('南町')
    await expect(noteTexts(north)).toHaveText(['子どもの居場所がない'])
    await north.getByTestId('note').tap()
    await north.getByTestId('sheet.like').tap()
    await expect(north.getByTestId('sheet.likes')).toHaveText('いいね 1')
    await north.getByTestId('sheet.close').tap()
    await north.getByTestId('participant.write').tap()
    await north.getByTestId('composer.text').fill('学校の空き教室はどうでしょう')
    await north.getByTestId('composer.post').tap()
    await expect(noteTexts(south)).toHaveText(['子どもの居場所がない', '学校の空き教室はどうでしょう'])
    await expect(south.getByTestId('note.likes')).toHaveText('いいね 1')
    await facilitator.getByTestId('gallery.toggle').click()
    await expect(north.getByTestId('gallery.bar')).toHaveCount(0)
    await expect(noteTexts(north)).toHaveText(['買い物が大変'])
  })

  await test.step('the facilitator gathers notes from both tables onto the plenary canvas; copies keep their table', async () => {
    for (const [table, text] of [['北町', '買い物が大変'], ['南町', '子どもの居場所がない']] as const) {
      await facilitator.getByTestId('board.table').selectOption(table)
      await facilitator.getByTestId('note').filter({ hasText: text }).click()
      await facilitator.getByTestId('sheet.gather').click()
    }
    await facilitator.getByTestId('board.table').selectOption('*plenary')
    await expect(noteTexts(facilitator)).toHaveText(['買い物が大変', '子どもの居場所がない'])
    await expect(facilitator.getByTestId('note').filter({ hasText: '買い物' }).locator('.note-origin')).toHaveText('北町より')
    // Each table keeps its own board.
    await expect(noteTexts(north)).toHaveText(['買い物が大変'])
  })
})
