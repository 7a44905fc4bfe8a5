/**
 * The tablet's page itself: held landscape the board keeps most of the screen; 文字を大きく enlarges the text
 * and is kept on the device.
 */
import { test, expect, writeNote, type People } from './fixtures/people.ts'
import type { Locator, Page } from '@playwright/test'
import type { JoinResult } from '../../shared/session.ts'

/** A workshop from its template with a long first instruction (set on the laptop), and a resident joined on a tablet. */
async function workshopWithTablet(people: People, title: string, beforeJoining?: (join: Page) => Promise<void>): Promise<{ facilitator: Page; tablet: Page; joinCode: string }> {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'workshop', template: 'workshop' } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await facilitator.getByTestId('step.edit').click()
  await facilitator
    .getByTestId('step.editInstruction')
    .fill('今日は三つのことをします。まず一人で困りごとを書き、次にテーブルで似ているものを集めて名前をつけ、最後に大事だと思うものにシールを貼ります。分からないことがあれば手をあげてください。')
  await facilitator.getByTestId('step.save').click()
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await beforeJoining?.(tablet)
  await tablet.getByTestId('join.anonymous').tap()
  await expect(tablet.getByTestId('step.more')).toBeVisible()
  return { facilitator, tablet, joinCode: session.joinCode }
}

const box = async (locator: Locator) => (await locator.boundingBox())!

test('held landscape, the tabs and the toolbar share one row and the step one line: the board keeps most of the screen', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, '横向きのタブレット')
  const board = tablet.locator('.board-viewport')

  await test.step('upright (820×1180), the tabs and the toolbar are two rows, as before', async () => {
    const [tab, write] = [await box(tablet.getByTestId('tab.need')), await box(tablet.getByTestId('participant.write'))]
    expect(write.y).toBeGreaterThanOrEqual(tab.y + tab.height)
  })

  // Measured before this layout: the board 435 px tall at 1180×820, 360 px at 1024×768 and 1024×600 with the
  // page scrolling (787 px tall: the zoom buttons below the fold); with it 625, 573 and 405 px.
  for (const { width, height, min } of [
    { width: 1180, height: 820, min: 590 },
    { width: 1024, height: 768, min: 540 },
    { width: 1024, height: 600, min: 380 },
  ]) {
    await test.step(`${width}×${height}: the board at least ${min} px tall, the page unscrolled, every button at least 44 px`, async () => {
      await tablet.setViewportSize({ width, height })
      await expect.poll(async () => (await box(board)).height).toBeGreaterThanOrEqual(min)
      expect(await tablet.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)
      await expect(tablet.getByTestId('board.fit')).toBeInViewport({ ratio: 1 })
      // One row: the tabs and 付箋を書く side by side.
      const [tab, write] = [await box(tablet.getByTestId('tab.need')), await box(tablet.getByTestId('participant.write'))]
      expect(Math.abs(tab.y + tab.height / 2 - (write.y + write.height / 2))).toBeLessThan(8)
      expect(write.x).toBeGreaterThan(tab.x + tab.width)
      // The step: one line of its instruction, 続きを読む for the rest, clear of the text.
      const instruction = await box(tablet.getByTestId('step.instruction'))
      const more = await box(tablet.getByTestId('step.more'))
      expect(instruction.height).toBeLessThan(40)
      expect(instruction.x + instruction.width).toBeLessThanOrEqual(more.x)
      // Top to bottom, nothing overlaps: the header, the step, the bar, the board.
      const parts = [await box(tablet.locator('.topbar')), await box(tablet.locator('.session-strip')), await box(tablet.locator('.board-bar')), await box(board)]
      for (let i = 1; i < parts.length; i++) expect(parts[i]!.y).toBeGreaterThanOrEqual(parts[i - 1]!.y + parts[i - 1]!.height)
      // A finger's 44 px for everything it can press above the board.
      for (const control of await tablet.locator('.topbar button, .topbar a, .session-strip button, .board-bar button').all()) {
        const r = await box(control)
        const name = (await control.innerText()) || (await control.getAttribute('aria-label'))
        expect(r.height, `${name} at ${width}×${height}`).toBeGreaterThanOrEqual(44)
        expect(r.width, `${name} at ${width}×${height}`).toBeGreaterThanOrEqual(44)
      }
    })
  }

  await test.step('続きを読む opens the whole instruction there too', async () => {
    await tablet.getByTestId('step.more').tap()
    await expect(tablet.getByTestId('step.more')).toHaveText('閉じる')
    expect(await tablet.getByTestId('step.instruction').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true)
  })
})

test('文字を大きく enlarges the page’s text and the notes’ on the board, and the tablet keeps it across a reload', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, '文字を大きく')
  await writeNote(tablet, '近くのスーパーが閉店して、重い物を持って帰れない')
  const toggle = tablet.getByTestId('textsize.toggle')
  const note = tablet.getByTestId('note').first()
  const px = (locator: Locator) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  const sizes = async () => ({
    body: await px(tablet.locator('body')),
    tab: await px(tablet.getByTestId('tab.need')),
    step: await px(tablet.getByTestId('step.name')),
    instruction: await px(tablet.getByTestId('step.instruction')),
    write: await px(tablet.getByTestId('participant.write')),
    note: await px(note.locator('.note-text')),
  })
  await expect(note).toBeVisible()
  await expect(toggle).toHaveText(/文字を大きく/)
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  const normal = await sizes()
  expect(normal.note).toBe(20)

  const large = async () => {
    const now = await sizes()
    for (const key of Object.keys(normal) as Array<keyof typeof normal>) expect(now[key], key).toBeGreaterThanOrEqual(normal[key] * 1.19)
    // The note's three lines still fit its card, above its footer.
    const [text, footer] = [await box(note.locator('.note-text')), await box(note.locator('.note-meta'))]
    expect(text.y + text.height).toBeLessThanOrEqual(footer.y)
  }

  await test.step('pressed, every text is at least a fifth larger, the notes’ on the board too', async () => {
    await toggle.tap()
    await expect(toggle).toHaveAttribute('aria-pressed', 'true')
    await large()
    expect((await box(toggle)).height).toBeGreaterThanOrEqual(44)
  })

  await test.step('kept on this tablet: after a reload the text is still large', async () => {
    await tablet.reload()
    await expect(note).toBeVisible()
    await expect(toggle).toHaveAttribute('aria-pressed', 'true')
    await large()
  })

  await test.step('pressed again, back to the usual size, and so after a reload', async () => {
    await toggle.tap()
    await expect(toggle).toHaveAttribute('aria-pressed', 'false')
    expect(await sizes()).toEqual(normal)
    await tablet.reload()
    await expect(note).toBeVisible()
    await expect(toggle).toHaveAttribute('aria-pressed', 'false')
    expect(await sizes()).toEqual(normal)
  })
})

test('文字を大きく is on the join page too, the first screen a resident reads, and stays on for the board', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, '参加の画面から大きく', async (join) => {
    const heading = join.getByRole('heading', { level: 1 })
    const size = () => heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    const before = await size()
    await join.getByTestId('textsize.toggle').tap()
    await expect(join.getByTestId('textsize.toggle')).toHaveAttribute('aria-pressed', 'true')
    expect(await size()).toBeGreaterThanOrEqual(before * 1.19)
    expect((await box(join.getByTestId('textsize.toggle'))).height).toBeGreaterThanOrEqual(44)
  })
  await expect(tablet.getByTestId('textsize.toggle')).toHaveAttribute('aria-pressed', 'true')
  expect(await tablet.locator('html').evaluate((el) => el.classList.contains('text-large'))).toBe(true)
})

test('the board page opened again is drawn once, board and all: 読み込み中 until the notes are there, never an empty 再接続中 page first', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, '一度で描く')
  await writeNote(tablet, 'バス停にベンチがほしい')
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  // What the page shows, each time it changes, from its first byte on.
  await tablet.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __shown: string[] }).__shown = seen
    const look = (): void => {
      const root = document.getElementById('root')
      if (!root) return
      const now = root.querySelector('[data-testid="note"]') ? 'board' : root.querySelector('.boot') ? 'boot' : root.textContent?.includes('再接続中') ? 'connecting' : 'other'
      if (seen[seen.length - 1] !== now) seen.push(now)
    }
    new MutationObserver(look).observe(document, { childList: true, subtree: true })
  })
  await tablet.reload()
  await expect(tablet.getByTestId('note')).toHaveText(/バス停にベンチがほしい/)
  const shown = await tablet.evaluate(() => (window as unknown as { __shown: string[] }).__shown)
  expect(shown.slice(0, 2)).toEqual(['boot', 'board'])
})

test('a tablet opening its board with no copy of it opens the board’s socket before the app’s script, and the app goes on with that socket', async ({ people }) => {
  const { facilitator, tablet, joinCode } = await workshopWithTablet(people, '先に開く')
  await writeNote(tablet, '回覧板が回ってこない')
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  // A second tablet that joined elsewhere: its token only, no copy of the board (as bench B5's board page opened).
  const other = await people.open('tablet')
  const joined = (await (await other.request.post(`${people.baseUrl}/api/join`, { data: { code: joinCode, name: 'よし子' } })).json()) as JoinResult
  await other.evaluate(({ key, token, id }) => localStorage.setItem(key, JSON.stringify({ token, participantId: id, name: 'よし子' })), { key: `yoriai:participant:${joined.sessionId}`, token: joined.participantToken, id: joined.participantId })
  // Every socket the page makes, with the script that made it.
  await other.addInitScript(() => {
    const made: Array<{ url: string; by: string }> = []
    ;(window as unknown as { __sockets: typeof made }).__sockets = made
    window.WebSocket = class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        made.push({ url: String(url), by: new Error().stack ?? '' })
      }
    }
  })
  const boardSockets = async () => (await other.evaluate(() => (window as unknown as { __sockets: Array<{ url: string; by: string }> }).__sockets)).filter((s) => s.url.includes('/board?'))

  await other.goto(`${people.baseUrl}/s/${joined.sessionId}/p`)
  await expect(other.getByTestId('note')).toHaveText(/回覧板が回ってこない/)
  await writeNote(other, 'ゴミ出しを手伝ってほしい')
  // On the server's disk (its Ack came on the early socket, its sends counted) and on the laptop.
  await expect(other.getByTestId('note')).toHaveCount(2)
  await expect(other.getByTestId('note.unsent')).toHaveCount(0)
  await expect(facilitator.getByTestId('note').filter({ hasText: 'ゴミ出しを手伝ってほしい' })).toHaveCount(1)
  const first = await boardSockets()
  expect(first).toHaveLength(1)
  expect(first[0]!.url).toContain('fresh=1')
  expect(first[0]!.by).toMatch(/\/assets\/earlySocket-/)

  // Opened again, the tablet has its copy, which goes first: the app opens the socket itself, without `fresh`.
  await other.reload()
  await expect(other.getByTestId('note')).toHaveCount(2)
  const again = await boardSockets()
  expect(again).toHaveLength(1)
  expect(again[0]!.url).not.toContain('fresh=1')
  expect(again[0]!.by).not.toMatch(/earlySocket/)
})

test('pulling the tablet’s page down does not reload it (a reload without Wi-Fi would leave the board for the browser’s offline page)', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, '引っぱっても消えない')
  // overscroll-behavior of the root scroller: 'none' turns off pull-to-refresh (and the bounce).
  expect(await tablet.evaluate(() => getComputedStyle(document.documentElement).overscrollBehaviorY)).toBe('none')
})

/**
 * The on-screen keyboard covers the bottom of the page without making the page shorter (iPadOS Safari, Chrome
 * on Android: only the visual viewport shrinks). Chromium here has no keyboard: a stand-in visual viewport the
 * test shrinks by `keyboard(px)` from below, as the keyboard does.
 */
async function fakeKeyboard(page: Page): Promise<(px: number) => Promise<void>> {
  await page.evaluate(() => {
    const viewport = new EventTarget()
    let covered = 0
    const root = document.documentElement
    Object.defineProperties(viewport, {
      width: { get: () => root.clientWidth },
      height: { get: () => root.clientHeight - covered },
      offsetLeft: { value: 0 },
      offsetTop: { value: 0 },
      scale: { value: 1 },
    })
    Object.defineProperty(window, 'visualViewport', { configurable: true, value: viewport })
    ;(window as unknown as { __keyboard: (px: number) => void }).__keyboard = (px) => {
      covered = px
      viewport.dispatchEvent(new Event('resize'))
    }
  })
  return (px) => page.evaluate((px) => (window as unknown as { __keyboard: (px: number) => void }).__keyboard(px), px)
}

test('付箋を書く: 貼る stays in sight while writing — below the resource kinds, and above the on-screen keyboard', async ({ people }) => {
  const { tablet } = await workshopWithTablet(people, 'キーボードの上に貼る')
  const keyboard = await fakeKeyboard(tablet)
  const post = tablet.getByTestId('composer.post')
  const visibleBottom = () => tablet.evaluate(() => window.visualViewport!.height)
  await tablet.getByTestId('participant.write').tap()
  await tablet.getByTestId('composer.text').fill('公民館の喫茶サロン')

  await test.step('upright, 資源 lists its kinds below the colours: 貼る is still on the screen, not below it', async () => {
    await tablet.getByTestId('composer.canvas.resource').check()
    await expect(post).toBeInViewport({ ratio: 1 })
  })

  for (const { width, height, covered } of [
    { width: 820, height: 1180, covered: 420 },
    { width: 768, height: 1024, covered: 400 },
    { width: 1180, height: 820, covered: 360 },
  ]) {
    await test.step(`${width}×${height} with a keyboard ${covered} px tall: 貼る whole, above it`, async () => {
      await tablet.setViewportSize({ width, height })
      await keyboard(covered)
      await tablet.getByTestId('composer.text').focus()
      await expect.poll(async () => (await box(post)).y + (await box(post)).height).toBeLessThanOrEqual(await visibleBottom())
      expect((await box(post)).y).toBeGreaterThanOrEqual(0)
      // Nothing lies over it: a tap there is a tap on 貼る.
      const r = await box(post)
      expect(await tablet.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid]')?.getAttribute('data-testid'), { x: r.x + r.width / 2, y: r.y + r.height / 2 })).toBe('composer.post')
      await keyboard(0)
    })
  }

  await test.step('held landscape, 文字を大きく, four lines written: the text area comes above 貼る, which waits above the keyboard', async () => {
    await tablet.getByTestId('textsize.toggle').tap()
    await tablet.getByTestId('composer.text').fill('公民館の喫茶サロン\n毎週水曜日\n十時から\n誰でも行ける')
    await tablet.getByTestId('composer.text').focus()
    await keyboard(360)
    const text = tablet.getByTestId('composer.text')
    await expect.poll(async () => (await box(text)).y + (await box(text)).height).toBeLessThanOrEqual((await box(post)).y)
    expect((await box(text)).y).toBeGreaterThanOrEqual(0)
    expect((await box(post)).y + (await box(post)).height).toBeLessThanOrEqual(await visibleBottom())
  })

  await test.step('the keyboard still up, a tap on 貼る posts the note on 資源', async () => {
    await post.tap()
    await expect(tablet.getByTestId('note').filter({ hasText: '公民館の喫茶サロン' })).toBeVisible()
    await expect(tablet.getByTestId('tab.resource')).toHaveAttribute('aria-pressed', 'true')
  })
})
