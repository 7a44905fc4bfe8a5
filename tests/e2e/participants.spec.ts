import { test, expect } from './fixtures/people.ts'

test('the facilitator reads every participant’s name at 1366×768, with the row’s controls still full size', async ({ people }) => {
  const facilitator = await people.open('laptop')
  await facilitator.setViewportSize({ width: 1366, height: 768 })
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '参加者の名前', kind: 'kondankai', tables: ['北町', '南町', 'さくら台東'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  const names = ['山田花子さくら台', 'ｽｽﾞｷｲﾁﾛｳﾀﾛｳ', 'なまえのとてもながいさんかしゃさくら台東']
  for (const name of [...names, undefined]) {
    const joined = await facilitator.request.post(`${people.baseUrl}/api/join`, { data: { code: session.joinCode, table: '北町', ...(name ? { name } : {}) } })
    expect(joined.status()).toBe(200)
  }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const rows = facilitator.getByTestId('people.row')
  await expect(rows).toHaveCount(4)
  const panel = (await facilitator.locator('.panel', { has: rows.first() }).boundingBox())!

  await test.step('a name of up to 8 characters is shown whole; a longer one shows at least 8 before the ellipsis', async () => {
    for (const row of await rows.all()) {
      const name = row.locator('.people-name')
      const box = await name.evaluate((el) => ({ text: el.textContent ?? '', scroll: el.scrollWidth, client: el.clientWidth, font: parseFloat(getComputedStyle(el).fontSize) }))
      if ([...box.text].length <= 8) expect(box.scroll, box.text).toBeLessThanOrEqual(box.client)
      else expect(box.client, box.text).toBeGreaterThanOrEqual(8 * box.font)
    }
    await expect(rows.locator('.people-name')).toHaveText([...names, '匿名'])
  })

  await test.step('the table choice and 退出させる stay at least 44 px and inside the panel', async () => {
    const row = rows.first()
    await row.getByTestId('people.remove').click()
    for (const control of [row.locator('select'), row.getByTestId('people.confirmRemove'), rows.nth(1).getByTestId('people.remove')]) {
      const box = (await control.boundingBox())!
      expect(box.height).toBeGreaterThanOrEqual(44)
      expect(box.width).toBeGreaterThanOrEqual(44)
      expect(box.x).toBeGreaterThanOrEqual(panel.x)
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width)
    }
    await row.locator('select').selectOption('南町')
    await expect(facilitator.getByTestId('people.byTable')).toBeVisible()
  })
})

test('a tablet the facilitator seats at another table moves there at once, and its next note is sent', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '席の移動', kind: 'kondankai', tables: ['北町', '南町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.name').fill('佐藤')
  await tablet.getByTestId('join.submit').tap()
  await tablet.getByTestId('join.table').filter({ hasText: '北町' }).tap()
  await expect(tablet.locator('.topbar-sub')).toContainText('テーブル：北町')

  await test.step('seated at 南町 on the laptop, the tablet says 南町 without being reloaded', async () => {
    await facilitator.getByTestId('people.row').filter({ hasText: '佐藤' }).locator('select').selectOption('南町')
    await expect(tablet.locator('.topbar-sub')).toContainText('テーブル：南町')
  })

  await test.step('the note written next lands at 南町, sent: no refusal, nothing left 未送信', async () => {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill('席を移ってから書いた付箋')
    await tablet.getByTestId('composer.post').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: '席を移ってから書いた付箋' })).toBeVisible()
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
    await facilitator.getByTestId('board.table').selectOption('南町')
    await expect(facilitator.getByTestId('note').filter({ hasText: '席を移ってから書いた付箋' })).toBeVisible()
  })
})
