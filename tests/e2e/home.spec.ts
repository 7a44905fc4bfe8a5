import { test, expect, watch, LAPTOP, TABLET } from './fixtures/people.ts'
import { TABLE_NAME_MAX, TITLE_MAX } from '../../shared/schema.ts'
import type { Locator, Page } from '@playwright/test'
import { createSessionInUi } from './fixtures/pages.ts'

/** The field is marked and the message the screen reader reads with it is `text`. */
async function expectMarked(field: Locator, text: string): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  const id = (await field.getAttribute('aria-describedby'))!
  await expect(field.page().locator(`[id="${id}"]`)).toHaveText(text)
  await expect(field).toBeFocused()
}

test('the session form keeps to the server’s limits and says which field is wrong', async ({ people }) => {
  const laptop = await people.open('laptop')
  const title = laptop.getByTestId('home.create.title')
  const tables = laptop.getByTestId('home.create.tables')
  const error = laptop.getByTestId('home.create.error')

  await test.step('a blank title is named and marked', async () => {
    await laptop.getByTestId('home.create.submit').click()
    await expect(error).toHaveText('タイトルを入力してください。')
    await expectMarked(title, 'タイトルを入力してください。')
    await title.pressSequentially('住民懇談会')
    await expect(error).toHaveCount(0)
    await expect(title).not.toHaveAttribute('aria-invalid', 'true')
  })

  await test.step('the title and the venue take no more characters than the server accepts', async () => {
    await expect(title).toHaveAttribute('maxlength', String(TITLE_MAX))
    await expect(laptop.getByTestId('home.create.venue')).toHaveAttribute('maxlength', String(TITLE_MAX))
    await title.fill('')
    await title.pressSequentially('あ'.repeat(TITLE_MAX + 1))
    await expect(title).toHaveValue('あ'.repeat(TITLE_MAX))
    await title.fill('さくら台地区 住民懇談会')
  })

  await test.step(`a table name over ${TABLE_NAME_MAX} characters is named, with the limit, on the tables field`, async () => {
    await tables.fill(`北町、${'南'.repeat(TABLE_NAME_MAX + 1)}`)
    await laptop.getByTestId('home.create.submit').click()
    await expectMarked(tables, `テーブル名は${TABLE_NAME_MAX}文字までです。`)
    await expect(title).not.toHaveAttribute('aria-invalid', 'true')
    await expect(laptop).toHaveURL(/\/$/)
    await tables.fill('北町、南町')
    await expect(tables).not.toHaveAttribute('aria-invalid', 'true')
  })

  await test.step('a refusal from the server (a title sent another way) names the field too', async () => {
    await laptop.route('**/api/sessions', (route) =>
      route.continue({ postData: JSON.stringify({ ...(route.request().postDataJSON() as object), title: 'あ'.repeat(TITLE_MAX + 1) }) }),
    )
    await laptop.getByTestId('home.create.submit').click()
    await expectMarked(title, `タイトルは${TITLE_MAX}文字までです。`)
    await laptop.unroute('**/api/sessions')
    await laptop.getByTestId('home.create.submit').click()
    await expect(laptop.getByTestId('facilitator.title')).toHaveText('さくら台地区 住民懇談会')
  })
})

test('開催日 starts at the laptop’s own date, not UTC’s (08:30 in Japan is still yesterday in UTC)', async ({ browser, people }) => {
  const context = await browser.newContext({ ...LAPTOP, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
  const page = await context.newPage()
  watch(page, people.problems, 'laptop (Tokyo)')
  await page.clock.setFixedTime(new Date('2026-11-23T23:30:00Z'))
  await page.goto(people.baseUrl + '/')
  await expect(page.getByTestId('home.create.date')).toHaveValue('2026-11-24')
  await context.close()
})

test('a join code typed wrong is said before a name is asked for; a right one names the session', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'さくら台 住民懇談会', kind: 'kondankai' } })
  const session = (await res.json()) as { joinCode: string }
  const wrong = session.joinCode === '000000' ? '000001' : '000000'
  const tablet = await people.open('tablet')

  await test.step('a wrong code: the message at once, no name field, a way back to type it again', async () => {
    await tablet.getByTestId('home.join.code').fill(wrong)
    await tablet.getByTestId('home.join.submit').tap()
    await expect(tablet.getByTestId('join.codeError')).toHaveText('参加コードが見つかりません。数字をもう一度確かめてください。')
    await expect(tablet.getByTestId('join.name')).toHaveCount(0)
    await tablet.getByTestId('join.retype').tap()
    await expect(tablet.getByTestId('home.join.code')).toBeVisible()
  })

  await test.step('the right code: the page names the session, and joining works as before', async () => {
    await tablet.getByTestId('home.join.code').fill(session.joinCode)
    await tablet.getByTestId('home.join.submit').tap()
    await expect(tablet.getByTestId('join.title')).toHaveText('「さくら台 住民懇談会」に参加します')
    await tablet.getByTestId('join.anonymous').tap()
    await expect(tablet.getByTestId('participant.write')).toBeVisible()
  })
})

test('a table’s printed join card seats the resident who scans it at that table; the hall’s Wi-Fi can go on it', async ({ people }) => {
  const laptop = await people.open('laptop')
  await createSessionInUi(laptop, 'さくら台 住民懇談会', '北町、南町')
  await laptop.getByTestId('cards.open').click()
  const cards = laptop.getByTestId('cards.card')
  await expect(cards).toHaveCount(2)
  await expect(cards.nth(1).locator('.join-card-table')).toContainText('南町')
  await expect(laptop.getByTestId('cards.wifiQr')).toHaveCount(0)

  await test.step('a Wi-Fi password too short for WPA is said, and no Wi-Fi QR code is made of it', async () => {
    await laptop.getByTestId('cards.ssid').fill('kominkan-hall')
    await laptop.getByTestId('cards.password').fill('short')
    await expect(laptop.getByTestId('cards.wifiProblem')).toHaveText('Wi-Fiのパスワードは8〜63文字です。入れなおしてください。')
    await expect(laptop.getByTestId('cards.wifiQr')).toHaveCount(0)
    await laptop.getByTestId('cards.password').fill('sakura;2026')
    await expect(laptop.getByTestId('cards.wifiQr')).toHaveCount(2)
    await expect(cards.first()).toContainText('パスワード：sakura;2026')
  })

  await test.step('the 南町 card’s link: the page says the table, and joining needs no table picked', async () => {
    const link = new URL((await cards.nth(1).getAttribute('data-url'))!)
    const tablet = await people.open('tablet', link.pathname + link.search)
    await expect(tablet.getByTestId('join.cardTable')).toHaveText('テーブル：南町')
    await tablet.getByTestId('join.anonymous').tap()
    await expect(tablet.getByTestId('participant.write')).toBeVisible()
    await expect(tablet.locator('.topbar-sub')).toContainText('テーブル：南町')
    await expect(tablet.getByTestId('join.table')).toHaveCount(0)
  })
})

test('匿名で参加 stays where it is while the page asks what the code leads to (a tap on its way lands on it)', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'さくら台 住民懇談会', kind: 'kondankai', tables: ['北町', '南町'] } })
  const session = (await res.json()) as { joinCode: string }
  for (const search of ['', '?t=南町']) {
    const tablet = await people.open('tablet')
    // The server's answer about the code is held until the button has been seen in its place.
    let answer: () => void = () => {}
    const held = new Promise<void>((resolve) => (answer = resolve))
    await tablet.route(`**/api/join/${session.joinCode}`, async (route) => {
      await held
      await route.continue()
    })
    await tablet.goto(`${people.baseUrl}/j/${session.joinCode}${search}`)
    const anonymous = tablet.getByTestId('join.anonymous')
    await expect(anonymous).toBeVisible()
    const before = (await anonymous.boundingBox())!
    answer()
    await expect(tablet.getByTestId('join.title')).toHaveText('「さくら台 住民懇談会」に参加します')
    if (search) await expect(tablet.getByTestId('join.cardTable')).toHaveText('テーブル：南町')
    expect(await anonymous.boundingBox(), search || 'no table in the link').toEqual(before)
  }
})

/** The English words' own chunk, each time `page` fetches it. */
function englishChunks(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (r) => /\/assets\/en-[\w-]+\.js$/.test(r.url()) && seen.push(r.url()))
  return seen
}

/** From the front page: the code, 匿名で参加, then the board page reloaded, its 付箋を書く worded `write` both times. */
async function joinAndReload(page: Page, joinCode: string, write: string): Promise<void> {
  await page.getByTestId('home.join.code').fill(joinCode)
  await page.getByTestId('home.join.submit').tap()
  await page.getByTestId('join.anonymous').tap()
  await expect(page.getByTestId('participant.write')).toHaveText(write)
  await page.reload()
  await expect(page.getByTestId('participant.write')).toHaveText(write)
}

test('English chosen on the front page holds on the tablet’s board page, reloaded too (its words load on their own)', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'さくら台 住民懇談会', kind: 'kondankai' } })
  const session = (await res.json()) as { joinCode: string }
  const tablet = await people.open('tablet')
  const englishWords = englishChunks(tablet)
  await tablet.locator('.lang-switch').tap()
  await expect(tablet.getByTestId('home.join.submit')).toHaveText('Join')
  await expect(tablet.locator('html')).toHaveAttribute('lang', 'en')
  await joinAndReload(tablet, session.joinCode, 'Write a note')
  expect(englishWords.length).toBeGreaterThan(0)

  await test.step('a tablet left in Japanese never loads the English words', async () => {
    const japanese = await people.open('tablet')
    const loaded = englishChunks(japanese)
    await joinAndReload(japanese, session.joinCode, '付箋を書く')
    expect(loaded).toEqual([])
  })
})

test('a join page whose script cannot be fetched (the Wi-Fi dropped as it opened) says so in words and loads again on a tap', async ({ people, browser }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'さくら台 住民懇談会', kind: 'kondankai' } })
  const session = (await res.json()) as { joinCode: string }
  const context = await browser.newContext({ ...TABLET, locale: 'ja-JP' })
  const tablet = await context.newPage()
  watch(tablet, people.problems, 'tablet (Wi-Fi dropping)')
  // The join page's own script does not come: the Wi-Fi dropped just then.
  await tablet.route(/\/assets\/Join-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'))
  await tablet.goto(`${people.baseUrl}/j/${session.joinCode}`)
  await expect(tablet.getByTestId('app.failed')).toHaveText('画面を読み込めませんでした。Wi-Fiにつながっているか確かめて、もう一度読み込んでください。')
  await tablet.unroute(/\/assets\/Join-[\w-]+\.js$/)
  await tablet.getByTestId('app.reload').tap()
  await expect(tablet.getByTestId('join.title')).toHaveText('「さくら台 住民懇談会」に参加します')
  await tablet.getByTestId('join.anonymous').tap()
  await expect(tablet.getByTestId('participant.write')).toBeVisible()
  await context.close()
})
