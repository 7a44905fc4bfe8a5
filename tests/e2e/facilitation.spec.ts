import * as Y from 'yjs'
import { test, expect, touchDrag, type People } from './fixtures/people.ts'
import type { Page } from '@playwright/test'
import { synced, yClient, type YClient } from '../helpers/clients.ts'
import { join, waitFor } from '../helpers/server.ts'
import { addNote, defaultNotePosition } from '../../shared/ops/notes.ts'
import { groupNotes } from '../../shared/ops/groups.ts'
import { addPlanItem } from '../../shared/plan.ts'
import { CANVASES, TABLE_NAME_MAX } from '../../shared/schema.ts'
import type { CreatedSession } from '../../shared/session.ts'
import type { ParticipantId } from '../../shared/ids.ts'

const remaining = async (page: Page): Promise<number> => Number(await page.getByTestId('timer').getAttribute('data-remaining-ms'))

/** A workshop session from its template: the facilitator's laptop on it, a tablet joined at `table`, the projector. */
async function openWorkshop(people: People, title: string, tables: string[], table: string) {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'workshop', template: 'workshop', tables } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  await facilitator.goto(local(session.urls.facilitator))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  await tablet.getByTestId('join.table').filter({ hasText: table }).tap()
  const projectorUrl = new URL(local(session.urls.projector))
  const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)
  return { facilitator, tablet, projector }
}

test('steps, a shared timer and the projector following the facilitator', async ({ people }) => {
  const { facilitator, tablet, projector } = await openWorkshop(people, '支え合いワークショップ', ['北町', '南町'], '南町')

  await test.step('the template’s first step shows on the tablet and the projector', async () => {
    for (const page of [tablet, projector]) await expect(page.getByTestId('step.name')).toHaveText('はじめに')
    await expect(tablet.getByTestId('step.instruction')).toContainText('今日の流れ')
  })

  await test.step('on the halls’ smaller projectors (1280×720, 1024×768) the header keeps to one line and the join code stays on screen', async () => {
    for (const size of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      await projector.setViewportSize(size)
      await expect.poll(() => projector.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)
      expect((await projector.locator('.projector-header').boundingBox())!.height, `${size.width}×${size.height}`).toBeLessThan(90)
      await expect(projector.getByTestId('join.code'), `${size.width}×${size.height}`).toBeInViewport({ ratio: 1 })
    }
    await projector.setViewportSize({ width: 1920, height: 1080 })
  })

  await test.step('the laptop’s page fits its window: the board’s 全体を表示 and 次へ進む in sight without scrolling', async () => {
    const inWindow = async (testId: string) => {
      const box = (await facilitator.getByTestId(testId).boundingBox())!
      return box.y >= 0 && box.y + box.height <= facilitator.viewportSize()!.height
    }
    expect(await facilitator.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(1)
    expect(await inWindow('board.fit')).toBe(true)
    expect(await inWindow('step.next')).toBe(true)
  })

  await test.step('moving on to 資源出し switches the tablet to the resource canvas', async () => {
    await facilitator.getByTestId('step.next').click()
    await facilitator.getByTestId('step.next').click()
    for (const page of [tablet, projector]) await expect(page.getByTestId('step.name')).toHaveText('資源出し')
    await expect(tablet.getByTestId('tab.resource')).toHaveAttribute('aria-pressed', 'true')
  })

  await test.step('a timer started on the laptop agrees on every screen within a second, also after a reload', async () => {
    // A length the field does not take is said, and no timer starts.
    for (const wrong of ['0', '999', '2.5']) {
      await facilitator.getByTestId('timer.minutes').fill(wrong)
      await facilitator.getByTestId('timer.start').click()
      await expect(facilitator.getByTestId('timer.minutesError')).toHaveText('タイマーは1〜600分の整数で入力してください。')
      await expect(facilitator.getByTestId('timer.start')).toBeVisible()
    }
    await facilitator.getByTestId('timer.minutes').fill('15')
    await expect(facilitator.getByTestId('timer.minutesError')).toHaveCount(0)
    await facilitator.getByTestId('timer.start').click()
    await expect(tablet.getByTestId('timer')).toBeVisible()
    await expect(projector.getByTestId('timer')).toBeVisible()
    const [a, b] = await Promise.all([remaining(tablet), remaining(projector)])
    expect(a).toBeGreaterThan(13 * 60_000) // fifteen minutes, not nine
    expect(Math.abs(a - b)).toBeLessThan(1000)
    await tablet.reload()
    await expect(tablet.getByTestId('timer')).toBeVisible()
    const [c, d] = await Promise.all([remaining(tablet), remaining(projector)])
    expect(Math.abs(c - d)).toBeLessThan(1000)
    await facilitator.getByTestId('timer.pause').click()
    await expect(projector.getByTestId('timer')).toContainText('一時停止中')
  })

  await test.step('みんなの画面を合わせる brings the projector to the facilitator’s canvas and table', async () => {
    await facilitator.getByTestId('board.table').selectOption('南町')
    await facilitator.getByTestId('tab.action').click()
    await facilitator.getByTestId('view.share').click()
    await expect(projector.getByTestId('tab.action')).toHaveAttribute('aria-pressed', 'true')
    await expect(projector.getByTestId('projector.table')).toHaveValue('南町')
    await expect(projector.getByTestId('canvas.action')).toBeVisible()
    await expect(projector.getByTestId('canvas.need')).toHaveCount(0)
    await expect(tablet.getByTestId('tab.action')).toHaveAttribute('aria-pressed', 'true')
  })

  await test.step('the projector draws note text at 24 px or more at 1080p when it follows one canvas', async () => {
    await facilitator.getByTestId('board.table').selectOption('南町')
    await facilitator.getByTestId('tab.need').click()
    await facilitator.getByTestId('participant.write').click()
    for (let i = 0; i < 12; i++) {
      if (i > 0) await facilitator.getByTestId('participant.write').click()
      await facilitator.getByTestId('composer.text').fill(`困りごと その${i + 1}`)
      await facilitator.getByTestId('composer.post').click()
    }
    await facilitator.getByTestId('view.share').click()
    await expect(projector.getByTestId('tab.need')).toHaveAttribute('aria-pressed', 'true')
    await expect(projector.getByTestId('note')).toHaveCount(12)
    const sizes = await projector.locator('.note-text').evaluateAll((els) =>
      els.map((e) => parseFloat(getComputedStyle(e).fontSize) * (e.getBoundingClientRect().height / (e as HTMLElement).offsetHeight)),
    )
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24)
  })

  await test.step('a locked canvas refuses a drag on the tablet', async () => {
    await tablet.getByTestId('tab.need').tap()
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.canvas.need').check()
    await tablet.getByTestId('composer.text').fill('バス停が遠い')
    await tablet.getByTestId('composer.post').tap()
    const note = tablet.getByTestId('note').filter({ hasText: 'バス停が遠い' })
    await expect(note).toBeVisible()
    // The note has reached the server (the facilitator sees it) before the canvas is locked.
    await expect(facilitator.getByTestId('note').filter({ hasText: 'バス停が遠い' })).toBeVisible()
    await facilitator.getByTestId('lock.need').click()
    await expect(tablet.getByTestId('lock.banner')).toBeVisible()
    const before = (await note.boundingBox())!
    await touchDrag(tablet, { x: before.x + 40, y: before.y + 40 }, { x: before.x + 240, y: before.y + 260 })
    const after = (await note.boundingBox())!
    expect({ x: after.x, y: after.y }).toEqual({ x: before.x, y: before.y })
  })

  await test.step('付箋を書く on the locked ニーズ: the composer opens on 資源 and says why, not unawares', async () => {
    // A moment after the drag, as a hand moves to the button (Chromium takes a tap within a few milliseconds of
    // the drag's lift as part of it: no click).
    await tablet.waitForTimeout(300)
    await tablet.getByTestId('participant.write').tap()
    await expect(tablet.getByTestId('composer.canvas.resource')).toBeChecked()
    await expect(tablet.getByTestId('composer.canvas.need')).toBeDisabled()
    await expect(tablet.getByTestId('composer.viewLocked')).toHaveText('ニーズは、いまロック中で書けません。この付箋は資源に貼ります（下の「どこに貼りますか」で選べます）。')
    // Choosing another canvas, the words follow.
    await tablet.getByTestId('composer.canvas.action').check()
    await expect(tablet.getByTestId('composer.viewLocked')).toContainText('アクションに貼ります')
    await tablet.getByTestId('composer.cancel').tap()
    await facilitator.getByTestId('lock.need').click()
    await expect(tablet.getByTestId('lock.banner')).toHaveCount(0)
    // Unlocked, nothing to say.
    await tablet.getByTestId('participant.write').tap()
    await expect(tablet.getByTestId('composer.canvas.need')).toBeChecked()
    await expect(tablet.getByTestId('composer.viewLocked')).toHaveCount(0)
    await tablet.getByTestId('composer.cancel').tap()
  })

  await test.step('the projector counts the tablets that are here', async () => {
    await expect(projector.getByTestId('projector.participants')).toHaveText('参加 1人')
  })

  await test.step('the facilitator sees who is at which table and removes the tablet', async () => {
    await expect(facilitator.getByTestId('people.byTable')).toContainText('南町 1人')
    await facilitator.getByTestId('people.remove').click()
    await facilitator.getByTestId('people.confirmRemove').click()
    await expect(tablet.getByTestId('participant.removed')).toBeVisible()
    await expect(projector.getByTestId('projector.participants')).toHaveText('参加 0人')
  })
})

test('時間です: the laptop no longer offers 一時停止 once the time is over; ＋1分 and リセット stay', async ({ people }) => {
  const facilitator = await people.open('laptop')
  // The laptop's clock is Playwright's, moved on by hand; it flows as usual otherwise.
  await facilitator.clock.install()
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '時間切れ', kind: 'workshop', template: 'workshop' } })
  const session = (await res.json()) as { urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await facilitator.getByTestId('timer.minutes').fill('1')
  await facilitator.getByTestId('timer.start').click()
  await expect(facilitator.getByTestId('timer.pause')).toBeVisible()
  await facilitator.clock.fastForward('01:05')
  await expect(facilitator.getByTestId('timer')).toContainText('時間です')
  await expect(facilitator.getByTestId('timer.pause')).toHaveCount(0)
  await expect(facilitator.getByTestId('timer.plus1')).toBeVisible()
  await expect(facilitator.getByTestId('timer.reset')).toBeVisible()
  // A minute more: time is left again, and so is 一時停止.
  await facilitator.getByTestId('timer.plus1').click()
  await expect(facilitator.getByTestId('timer.pause')).toBeVisible()
})

test('the projector keeps 終わったら音を鳴らす across a reload, and says it must be clicked once before it can sound', async ({ people }) => {
  const { projector } = await openWorkshop(people, '音の設定', ['北町'], '北町')
  const sound = projector.getByRole('checkbox', { name: '終わったら音を鳴らす' })
  const hint = projector.getByTestId('projector.soundClick')
  await expect(sound).not.toBeChecked()
  // Ticked with a click, the page may sound: nothing to say.
  await sound.click()
  await expect(sound).toBeChecked()
  await expect(hint).toHaveCount(0)
  // Reloaded (the laptop's browser restarted, the page refreshed): still on, but silent until clicked — said so.
  // Playwright's own checks run in the page as user gestures, which the page would take for a click: the page is
  // first waited for through CDP (no gesture) until it has drawn its switch.
  const cdp = await projector.context().newCDPSession(projector)
  await projector.reload()
  await cdp.send('Runtime.evaluate', { expression: `new Promise((resolve) => { const check = () => document.querySelector('.projector-sound input') ? resolve(true) : setTimeout(check, 50); check() })`, awaitPromise: true })
  await expect(sound).toBeChecked()
  await expect(hint).toHaveText('終わったら音を鳴らすには、ここをクリックしてください')
  await expect(hint).toBeInViewport({ ratio: 1 })
  await hint.click()
  await expect(hint).toHaveCount(0)
  // Turned off, it stays off.
  await sound.click()
  await projector.reload()
  await expect(sound).not.toBeChecked()
  await expect(hint).toHaveCount(0)
})

test('a long instruction keeps the tablet’s banner at two lines until 続きを読む is tapped', async ({ people }) => {
  const { facilitator, tablet, projector } = await openWorkshop(people, '説明の長いステップ', ['北町'], '北町')
  await expect(tablet.getByTestId('step.name')).toHaveText('はじめに')
  const write = tablet.getByTestId('participant.write')
  const top = async (): Promise<number> => (await write.boundingBox())!.y
  const before = await top()
  await expect(tablet.getByTestId('step.more')).toHaveCount(0)

  const long =
    '今日は三つのことをします。まず一人で困りごとを書き、次にテーブルで似ているものを集めて名前をつけ、最後に大事だと思うものにシールを貼ります。' +
    '書くのが難しい方は、話してくだされば記録係が代わりに書きます。途中で休憩をとりますので、お手洗いなどはご自由にどうぞ。分からないことがあれば手をあげてください。'
  await facilitator.getByTestId('step.edit').click()
  await facilitator.getByTestId('step.editInstruction').fill(long)
  await facilitator.getByTestId('step.save').click()

  await test.step('the tablet shows the start of it and 続きを読む; the board stays where it was', async () => {
    await expect(tablet.getByTestId('step.instruction')).toHaveText(long)
    const more = tablet.getByTestId('step.more')
    await expect(more).toHaveText('続きを読む')
    expect((await more.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(Math.abs((await top()) - before)).toBeLessThanOrEqual(1)
    const clipped = await tablet.getByTestId('step.instruction').evaluate((el) => el.scrollHeight > el.clientHeight + 1)
    expect(clipped).toBe(true)
  })

  await test.step('tapped, the whole instruction shows; 閉じる folds it again', async () => {
    await tablet.getByTestId('step.more').tap()
    await expect(tablet.getByTestId('step.more')).toHaveText('閉じる')
    await expect(tablet.getByTestId('step.more')).toHaveAttribute('aria-expanded', 'true')
    const whole = await tablet.getByTestId('step.instruction').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)
    expect(whole).toBe(true)
    expect(await top()).toBeGreaterThan(before + 20)
    await tablet.getByTestId('step.more').tap()
    await expect(tablet.getByTestId('step.more')).toHaveText('続きを読む')
    expect(Math.abs((await top()) - before)).toBeLessThanOrEqual(1)
  })

  await test.step('the projector shows it whole, without a button', async () => {
    await expect(projector.getByTestId('step.instruction')).toHaveText(long)
    await expect(projector.getByTestId('step.more')).toHaveCount(0)
    const whole = await projector.getByTestId('step.instruction').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)
    expect(whole).toBe(true)
  })

  await test.step('a later step, short again, starts without the button', async () => {
    await facilitator.getByTestId('step.next').click()
    await facilitator.getByTestId('step.next').click()
    await expect(tablet.getByTestId('step.name')).toHaveText('資源出し')
    await expect(tablet.getByTestId('step.more')).toHaveCount(0)
    expect(Math.abs((await top()) - before)).toBeLessThanOrEqual(1)
  })
})

test('on a 1280×800 or 1366×768 laptop with the 操作パネル open, the board keeps most of the window', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, {
    data: { title: 'さくら台地区 住民懇談会「これからの支え合いを考える」', kind: 'kondankai', venue: 'さくら台公民館 大会議室', tables: ['北町', '南町', '東町'] },
  })
  const session = (await res.json()) as CreatedSession
  // A busy afternoon's counts, two and three digits wide: 12 people connected, 120 notes on each of 北町's
  // canvases, 12 need groups not yet in the plan (抜けの確認 12) and 12 plan items (計画案 12).
  const wsBase = people.baseUrl.replace(/^http/, 'ws') + '/ws'
  const boardDoc = yClient(wsBase, session.sessionId, 'board', session.facilitatorKey, new Y.Doc())
  const control = yClient(wsBase, session.sessionId, 'control', session.facilitatorKey, new Y.Doc())
  await Promise.all([synced(boardDoc), synced(control)])
  boardDoc.doc.transact(() => {
    for (const canvas of CANVASES) {
      const notes = Array.from({ length: 120 }, (_, i) =>
        addNote(boardDoc.doc, { text: `付箋${i + 1}`, canvas, table: '北町', color: 'yellow', authorId: 'facilitator' as ParticipantId, authorName: '', pos: defaultNotePosition(i) }),
      )
      if (canvas === 'need') for (let g = 0; g < 12; g++) groupNotes(boardDoc.doc, notes[2 * g]!.id, notes[2 * g + 1]!.id, null, `まとまり${g + 1}`)
    }
  })
  for (let i = 0; i < 12; i++) addPlanItem(control.doc, { title: `取り組み${i + 1}` }, null, 1_800_000_000_000 + i)
  const tablets: YClient[] = []
  for (let i = 0; i < 12; i++) {
    const joined = await join(people.baseUrl, session.joinCode, `参加者${i + 1}`)
    const tablet = yClient(wsBase, session.sessionId, 'board', joined.participantToken, new Y.Doc())
    tablet.provider.awareness.setLocalStateField('cursor', null)
    tablets.push(tablet)
  }
  await waitFor(() => boardDoc.provider.synced && control.provider.synced && tablets.every((t) => t.provider.synced), 'seeded')
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await expect(facilitator.getByTestId('facilitator.presence')).toHaveText('つながっている人 12人')
  await expect(facilitator.getByTestId('tab.plan')).toContainText('12')
  await expect(facilitator.getByTestId('tab.gaps')).toContainText('12')
  await expect(facilitator.getByTestId('tab.need')).toContainText('120')
  await facilitator.getByTestId('step.edit').click()
  await facilitator
    .getByTestId('step.editInstruction')
    .fill('今日は三つのことをします。まず一人で困りごとを書き、次にテーブルで似ているものを集めて名前をつけ、最後に大事だと思うものにシールを貼ります。')
  await facilitator.getByTestId('step.save').click()
  await expect(facilitator.getByTestId('step.instruction')).toContainText('三つのこと')
  const board = facilitator.locator('.board-viewport')
  const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!
  /** Top to bottom, nothing overlaps: the header, the tabs, the step, the canvas tabs and toolbar, the board. */
  const expectStacked = async () => {
    const parts = [
      await box(facilitator.locator('.topbar')),
      await box(facilitator.locator('.facilitator-main > .panel-row')),
      await box(facilitator.getByTestId('step.banner')),
      await box(facilitator.locator('.board-bar')),
      await box(board),
    ]
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.y, `part ${i}`).toBeGreaterThanOrEqual(parts[i - 1]!.y + parts[i - 1]!.height - 0.5)
  }

  // Measured before: the board 294 px tall at 1280×800 and 318 at 1366×768 (the header, 操作パネルをしまう, the
  // page tabs in two rows, a three-line step and two rows of canvas tabs and toolbar above it); with it 483 and 451.
  // With the two-digit counts above written 計画案（12） and 抜けの確認（12）, 1280×800 had the page tabs in two rows
  // again and the board 432 px tall; with the counts as badges, 483 (and 451 at 1366×768, where they fitted).
  for (const { width, height, min } of [
    { width: 1280, height: 800, min: 460 },
    { width: 1366, height: 768, min: 430 },
  ]) {
    await test.step(`${width}×${height}: the board at least ${min} px tall, the page unscrolled, nothing above it overlapping, every button at least 44 px`, async () => {
      await facilitator.setViewportSize({ width, height })
      await expect(facilitator.locator('.facilitator-side')).toBeVisible()
      await expect.poll(async () => (await box(board)).height).toBeGreaterThanOrEqual(min)
      expect(await facilitator.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)
      await expect(facilitator.getByTestId('board.fit')).toBeInViewport({ ratio: 1 })
      // The page tabs and 全テーブルを一覧する on one row, the tabs' names whole.
      const tabs = await facilitator.locator('.main-tab').all()
      const first = await box(tabs[0]!)
      for (const tab of tabs) {
        expect((await box(tab)).y, await tab.innerText()).toBe(first.y)
        expect(await tab.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1), await tab.innerText()).toBe(true)
      }
      const [lastTab, overview] = [await box(tabs.at(-1)!), await box(facilitator.getByTestId('overview.toggle'))]
      expect(overview.x).toBeGreaterThanOrEqual(lastTab.x + lastTab.width)
      expect(Math.abs(overview.y + overview.height - (lastTab.y + lastTab.height))).toBeLessThan(4)
      await expectStacked()
      // The step: one line of its instruction, 続きを読む clear of it.
      await expect(facilitator.getByTestId('step.more')).toBeVisible()
      const [instruction, more] = [await box(facilitator.getByTestId('step.instruction')), await box(facilitator.getByTestId('step.more'))]
      expect(instruction.height).toBeLessThan(40)
      expect(instruction.x + instruction.width).toBeLessThanOrEqual(more.x)
      for (const control of await facilitator.locator('.topbar button, .facilitator-main > .panel-row button, [data-testid="step.banner"] button, .board-bar button, .board-bar select').all()) {
        const r = await box(control)
        const name = (await control.innerText()) || (await control.getAttribute('aria-label'))
        expect(r.height, `${name} at ${width}×${height}`).toBeGreaterThanOrEqual(44)
        expect(r.width, `${name} at ${width}×${height}`).toBeGreaterThanOrEqual(44)
        expect(r.x + r.width, `${name} at ${width}×${height}`).toBeLessThanOrEqual(width)
      }
    })
  }

  await test.step('1024×768 (not a target): the page tabs may take two rows, but nothing overlaps and no tab or button is cut', async () => {
    await facilitator.setViewportSize({ width: 1024, height: 768 })
    await expect(facilitator.locator('.facilitator-side')).toBeVisible()
    await expectStacked()
    const overview = await box(facilitator.getByTestId('overview.toggle'))
    for (const tab of await facilitator.locator('.main-tab').all()) {
      const r = await box(tab)
      expect(r.height, await tab.innerText()).toBeGreaterThanOrEqual(44)
      expect(await tab.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1), await tab.innerText()).toBe(true)
      expect(r.x + r.width <= overview.x || r.y >= overview.y + overview.height, `${await tab.innerText()} clear of 全テーブルを一覧する`).toBe(true)
    }
    expect(overview.x + overview.width).toBeLessThanOrEqual(1024)
  })

  await test.step('操作パネルをしまう comes before the panel in the keyboard’s order, and opens it again from the same place', async () => {
    const toggle = facilitator.getByTestId('facilitator.panelToggle')
    await toggle.focus()
    await facilitator.keyboard.press('Tab')
    await expect(facilitator.getByTestId('facilitator.projector')).toBeFocused()
    await toggle.click()
    await expect(facilitator.locator('.facilitator-side')).toHaveCount(0)
    await expect(toggle).toHaveText('操作パネルを出す')
    await toggle.click()
    await expect(facilitator.getByTestId('facilitator.projector')).toBeVisible()
  })
  for (const client of [boardDoc, control, ...tablets]) client.destroy()
})

test('a long title and venue wrap in the laptop’s header: the page never scrolls sideways and the header’s controls stay in sight', async ({ people }) => {
  const facilitator = await people.open('laptop')
  // As long as the server takes, written without spaces as Japanese is (a venue with its room and address).
  const title = '令和八年度さくら台地区住民懇談会'.repeat(6).slice(0, 100)
  const venue = 'さくら台地域福祉センター二階大会議室さくら台市本町一丁目'.repeat(4).slice(0, 100)
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'kondankai', venue, tables: ['北町'] } })
  const session = (await res.json()) as CreatedSession
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  await expect(facilitator.getByTestId('facilitator.title')).toHaveText(title)
  for (const size of [{ width: 1280, height: 800 }, { width: 1366, height: 768 }]) {
    await facilitator.setViewportSize(size)
    const label = `${size.width}×${size.height}`
    expect(await facilitator.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), label).toBeLessThanOrEqual(0)
    for (const id of ['facilitator.panelToggle', 'facilitator.presence', 'conn.status']) await expect(facilitator.getByTestId(id), `${label} ${id}`).toBeInViewport({ ratio: 1 })
  }
})

test('a table name as long as the server takes keeps the laptop’s toolbar on one row: the select shows what fits, 付箋を書く stays beside it', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const long = 'さくら台東二丁目自治会第一班集会所前テーブル'.slice(0, TABLE_NAME_MAX)
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '住民懇談会', kind: 'kondankai', tables: [long, '南町'] } })
  const session = (await res.json()) as CreatedSession
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  for (const size of [{ width: 1280, height: 800 }, { width: 1366, height: 768 }]) {
    await facilitator.setViewportSize(size)
    const label = `${size.width}×${size.height}`
    await expect(facilitator.getByTestId('board.table')).toHaveValue(long)
    const [select, write] = [await facilitator.getByTestId('board.table').boundingBox(), await facilitator.getByTestId('participant.write').boundingBox()]
    // One row: the button's middle level with the select's (before, 付箋を書く went onto a row of its own).
    expect(Math.abs(select!.y + select!.height / 2 - (write!.y + write!.height / 2)), label).toBeLessThan(select!.height / 2)
  }
})

test('the laptop’s step list keeps the current step in sight: after 次へ進む to the last of seven, and after a reload', async ({ people }) => {
  const facilitator = await people.open('laptop')
  await facilitator.setViewportSize({ width: 1366, height: 768 })
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '七つのステップ', kind: 'workshop', template: 'workshop', tables: ['北町'] } })
  const session = (await res.json()) as CreatedSession
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const list = facilitator.locator('.step-list')
  const current = list.locator('[aria-current="step"]')
  const inList = async () => {
    const [l, c] = [(await list.boundingBox())!, (await current.boundingBox())!]
    return c.y >= l.y - 1 && c.y + c.height <= l.y + l.height + 1
  }
  await expect(list.locator('.step-item')).toHaveCount(7)
  for (let i = 2; i <= 7; i++) {
    await facilitator.getByTestId('step.next').click()
    await expect(current).toContainText(`${i}.`)
    expect(await inList(), `step ${i}`).toBe(true)
  }
  await facilitator.reload()
  await expect(current).toContainText('7.')
  await expect.poll(inList).toBe(true)
})

test('with the timer running, the projector’s header keeps to one line at 1280×720 (a long table name too) and at 1024×768', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const projectorHeader = async (tables: string[], sizes: Array<{ width: number; height: number }>) => {
    const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'さくら台地区 住民懇談会', kind: 'kondankai', template: 'kondankai', tables } })
    const session = (await res.json()) as CreatedSession
    await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
    await facilitator.getByTestId('timer.start').click()
    const url = new URL(session.urls.projector)
    const projector = await people.open('projector', url.pathname + url.hash)
    await expect(projector.getByTestId('timer')).toBeVisible()
    for (const size of sizes) {
      await projector.setViewportSize(size)
      const label = `${tables[0]} ${size.width}×${size.height}`
      await expect.poll(async () => (await projector.locator('.projector-header').boundingBox())!.height, label).toBeLessThan(90)
      await expect(projector.getByTestId('join.code'), label).toBeInViewport({ ratio: 1 })
      await expect(projector.locator('.projector-title'), label).toBeVisible()
    }
  }
  await projectorHeader(['さくら台東二丁目自治会', '北町'], [{ width: 1280, height: 720 }])
  await projectorHeader(['北町', '南町'], [{ width: 1280, height: 720 }, { width: 1024, height: 768 }])
})
