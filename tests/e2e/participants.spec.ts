import { test, expect, type People } from './fixtures/people.ts'

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

/**
 * A tablet at 北町 whose Wi-Fi the test drops (while `wifi.off` its sockets are refused), with a note written
 * offline, still 未送信; the facilitator's laptop on the session's page.
 */
async function tabletWithOfflineNote(people: People, title: string, text: string) {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'kondankai', tables: ['北町', '南町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  const wifi = { off: false }
  await tablet.routeWebSocket(/\/ws\//, (ws) => {
    if (wifi.off) ws.close()
    else ws.connectToServer()
  })
  await tablet.getByTestId('join.name').fill('佐藤')
  await tablet.getByTestId('join.submit').tap()
  await tablet.getByTestId('join.table').filter({ hasText: '北町' }).tap()
  await expect(tablet.locator('.topbar-sub')).toContainText('テーブル：北町')
  await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
  wifi.off = true
  await tablet.reload()
  await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
  await tablet.getByTestId('participant.write').tap()
  await tablet.getByTestId('composer.text').fill(text)
  await tablet.getByTestId('composer.post').tap()
  await expect(tablet.getByTestId('note').filter({ hasText: text }).getByTestId('note.unsent')).toHaveText('未送信')
  return { facilitator, tablet, wifi }
}

test('a note written offline at 北町 while the facilitator seats the tablet at 南町: the tablet settles at 南町 and keeps the note to post again', async ({ people }) => {
  const text = '北町で書いたけれど届いていない付箋'
  const { facilitator, tablet, wifi } = await tabletWithOfflineNote(people, '席の移動とオフライン', text)

  await test.step('seated at 南町 on the laptop while the tablet is offline; 南町 has a note where the first one goes', async () => {
    await facilitator.getByTestId('people.row').filter({ hasText: '佐藤' }).locator('select').selectOption('南町')
    await expect(facilitator.getByTestId('people.byTable')).toBeVisible()
    await facilitator.getByTestId('board.table').selectOption('南町')
    await facilitator.getByTestId('participant.write').click()
    await facilitator.getByTestId('composer.text').fill('南町の付箋')
    await facilitator.getByTestId('composer.post').click()
    await expect(facilitator.getByTestId('note').filter({ hasText: '南町の付箋' })).toBeVisible()
    await facilitator.getByTestId('board.table').selectOption('北町')
  })

  await test.step('back online: the tablet stays connected at 南町, and says which note it could not send, with its words', async () => {
    wifi.off = false
    await tablet.reload()
    await expect(tablet.locator('.topbar-sub')).toContainText('テーブル：南町')
    await expect(tablet.getByTestId('kept.entry')).toHaveText([new RegExp(text)])
    await expect(tablet.getByTestId('kept.panel')).toContainText('席が変わったため')
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
    // The old table never got it.
    await expect(facilitator.getByTestId('note').filter({ hasText: text })).toHaveCount(0)
  })

  await test.step('ここに貼る: the note lands at 南町, sent, and the list is empty', async () => {
    await tablet.getByTestId('kept.repost').tap()
    await expect(tablet.getByTestId('kept.panel')).toHaveCount(0)
    await expect(tablet.getByTestId('note').filter({ hasText: text })).toBeVisible()
    // In a free place at 南町, not on the note already where it lay at 北町.
    const [a, b] = [(await tablet.getByTestId('note').filter({ hasText: text }).boundingBox())!, (await tablet.getByTestId('note').filter({ hasText: '南町の付箋' }).boundingBox())!]
    expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height, 'the two notes overlap').toBe(false)
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
    await facilitator.getByTestId('board.table').selectOption('南町')
    await expect(facilitator.getByTestId('note').filter({ hasText: text })).toBeVisible()
  })

  await test.step('a reload keeps it so: nothing kept, nothing unsent, still connected', async () => {
    await tablet.reload()
    await expect(tablet.getByTestId('note').filter({ hasText: text })).toBeVisible()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('kept.panel')).toHaveCount(0)
  })
})

test('a note written offline while the facilitator removes the tablet: on reconnecting it says so and shows the words it could not send', async ({ people }) => {
  const text = '退出させられる前に書いた付箋'
  const { facilitator, tablet, wifi } = await tabletWithOfflineNote(people, '退出とオフライン', text)
  const row = facilitator.getByTestId('people.row').filter({ hasText: '佐藤' })
  await row.getByTestId('people.remove').click()
  await row.getByTestId('people.confirmRemove').click()
  await expect(facilitator.getByTestId('people.row').filter({ hasText: '佐藤' })).toHaveCount(0)

  wifi.off = false
  // No reload: the tablet finds out by itself, on its next try (the back-off is at most 10 s).
  await expect(tablet.getByTestId('participant.removed')).toBeVisible({ timeout: 20_000 })
  await expect(tablet.getByTestId('removed.unsent')).toContainText('送れませんでした')
  await expect(tablet.getByTestId('removed.unsentNote')).toHaveText([text])
})
