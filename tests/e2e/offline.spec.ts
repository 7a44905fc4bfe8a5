import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect, writeNote, type People } from './fixtures/people.ts'
import { localBoardEntries, noteTexts } from './fixtures/pages.ts'


/**
 * The facilitator's laptop on a new session's page and a tablet at its join page whose Wi-Fi the test
 * drops: while `wifi.off`, the tablet's sockets are refused (a reload then opens the page from its copy).
 */
async function laptopAndTablet(people: People, title: string): Promise<{ host: Page; tablet: Page; wifi: { off: boolean } }> {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await host.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  const wifi = { off: false }
  await tablet.routeWebSocket(/\/ws\//, (ws) => {
    if (wifi.off) ws.close()
    else ws.connectToServer()
  })
  return { host, tablet, wifi }
}

test('a tablet without a connection keeps taking notes, marks them 未送信, and loses nothing across a reload', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'Wi-Fiが切れても', kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { joinCode: string }
  const other = await people.open('tablet', `/j/${session.joinCode}`)
  await other.getByTestId('join.anonymous').tap()
  await writeNote(other, '集会所までの坂がきつい')

  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  let offline = true
  const boardSocketsOnline: string[] = []
  await tablet.getByTestId('join.anonymous').tap()
  await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
  // A first visit syncs without waiting for the device's copy to open; what came then is kept in it too,
  // right after the board is drawn.
  await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい'])
  await expect.poll(() => localBoardEntries(tablet)).toBeGreaterThan(0)

  await test.step('the Wi-Fi drops: the board stays, a new note is kept and marked 未送信', async () => {
    // The hall's Wi-Fi is gone for this tablet: its sockets cannot reach the server any more.
    await tablet.routeWebSocket(/\/ws\//, (ws) => {
      if (offline) ws.close()
      else {
        if (/\/board\?/.test(ws.url())) boardSocketsOnline.push(ws.url())
        ws.connectToServer()
      }
    })
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    // The step is not kept on the device: its place waits for it, saying why it is empty.
    await expect(tablet.getByTestId('step.pending')).toHaveText('いまのステップは、つながると表示されます')
    await writeNote(tablet, '電池が切れそうな時も書ける')
    await expect(tablet.getByTestId('note').filter({ hasText: '電池' }).getByTestId('note.unsent')).toHaveText('未送信')
    await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'])
    await expect(noteTexts(other)).toHaveText(['集会所までの坂がきつい'])
  })

  await test.step('この端末から退出 while a note is unsent: it says so, and やめる keeps everything', async () => {
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.dialog')).toBeVisible()
    await expect(tablet.getByTestId('leave.unsent')).toContainText('まだ送れていない付箋が1枚あります')
    await expect(tablet.getByTestId('leave.confirm')).toHaveText('送らずに退出する（付箋が消えます）')
    await tablet.getByTestId('leave.stay').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: '電池' }).getByTestId('note.unsent')).toBeVisible()
    await expect(tablet).toHaveURL(/\/s\//)
  })

  await test.step('a reload while still offline keeps the note on the tablet', async () => {
    await tablet.reload()
    await expect(tablet.getByTestId('note').filter({ hasText: '電池' }).getByTestId('note.unsent')).toBeVisible()
    await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'])
  })

  await test.step('back online, the note reaches everyone once and the mark goes', async () => {
    offline = false
    await tablet.reload()
    await expect(noteTexts(other)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'])
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'])
    await expect(tablet.getByTestId('step.name')).toHaveText('自由に書く')
    // The board was on the device (its copy opened before connecting): the server is not asked to send all of it.
    expect(boardSocketsOnline.length).toBeGreaterThan(0)
    for (const url of boardSocketsOnline) expect(url).not.toContain('fresh=1')
  })

  await test.step('この端末から退出, confirmed, erases the copy on a shared tablet', async () => {
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('leave.confirm')).toHaveText('退出する')
    await tablet.getByTestId('leave.confirm').tap()
    await expect(tablet).toHaveURL(/\/$/)
    const left = await tablet.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const names = indexedDB.databases ? indexedDB.databases() : Promise.resolve([])
          void names.then((dbs) => resolve(dbs.filter((d) => d.name?.startsWith('yoriai:')).length))
        }),
    )
    expect(left).toBe(0)
  })
})

test('a note the facilitator deletes while an offline tablet edits it: the delete wins, the edit waits in the trash and can be put back', async ({ people }) => {
  const { host, tablet, wifi } = await laptopAndTablet(people, '削除と書き直し')
  await tablet.getByTestId('join.anonymous').tap()

  await test.step('the tablet posts a note; the server has it', async () => {
    await writeNote(tablet, '集会所の段差が高い')
    await expect(noteTexts(host)).toHaveText(['集会所の段差が高い'])
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  })

  await test.step('the Wi-Fi drops; the tablet edits the note while the facilitator deletes it', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await tablet.getByTestId('note').filter({ hasText: '段差' }).tap()
    await tablet.getByTestId('sheet.edit').tap()
    await tablet.getByTestId('composer.text').fill('集会所の段差が高くて車いすで入れない')
    await tablet.getByTestId('composer.post').tap()
    await expect(noteTexts(tablet)).toHaveText(['集会所の段差が高くて車いすで入れない'])

    await host.getByTestId('note').filter({ hasText: '段差' }).click()
    await host.getByTestId('sheet.delete').click()
    await host.getByTestId('sheet.confirmDelete').click()
    await expect(noteTexts(host)).toHaveCount(0)
  })

  await test.step('back online: the note stays deleted, and the edited version is in the trash for both', async () => {
    wifi.off = false
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    for (const page of [tablet, host]) {
      await expect(page.getByTestId('trash.entry')).toHaveCount(1)
      await expect(page.getByTestId('trash.entry')).toContainText('集会所の段差が高くて車いすで入れない')
      await expect(noteTexts(page)).toHaveCount(0)
    }
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
  })

  await test.step('the facilitator puts it back: everyone sees the edited note, the trash is empty', async () => {
    await host.getByTestId('trash.restore').click()
    for (const page of [tablet, host]) {
      await expect(noteTexts(page)).toHaveText(['集会所の段差が高くて車いすで入れない'])
      await expect(page.getByTestId('trash.entry')).toHaveCount(0)
    }
  })
})

test('a note the facilitator rewrites while an offline tablet rewrites it too: whichever wording the board keeps, the other one is not lost', async ({ people }) => {
  const { host, tablet, wifi } = await laptopAndTablet(people, '書き直しが重なる')
  await tablet.getByTestId('join.anonymous').tap()
  const mine = 'バス停にベンチがなくて待つのがつらい'
  const theirs = 'バス停のベンチ（要望）'

  await test.step('the tablet posts a note; the server has it', async () => {
    await writeNote(tablet, 'バス停にベンチがない')
    await expect(noteTexts(host)).toHaveText(['バス停にベンチがない'])
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  })

  await test.step('the Wi-Fi drops; the tablet and the facilitator each rewrite the note', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await tablet.getByTestId('note').filter({ hasText: 'バス停' }).tap()
    await tablet.getByTestId('sheet.edit').tap()
    await tablet.getByTestId('composer.text').fill(mine)
    await tablet.getByTestId('composer.post').tap()
    await expect(noteTexts(tablet)).toHaveText([mine])

    await host.getByTestId('note').filter({ hasText: 'バス停' }).click()
    await host.getByTestId('sheet.edit').click()
    await host.getByTestId('composer.text').fill(theirs)
    await host.getByTestId('composer.post').click()
    await expect(noteTexts(host)).toHaveText([theirs])
  })

  await test.step('back online: one wording on the board; the tablet’s, if it lost, waits in the trash for both', async () => {
    wifi.off = false
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    // Yjs picks the wording by its client ids, which are random: both outcomes are checked.
    await expect(noteTexts(tablet)).toHaveText([/^(バス停にベンチがなくて待つのがつらい|バス停のベンチ（要望）)$/])
    const kept = (await noteTexts(tablet).first().textContent()) === mine
    test.info().annotations.push({ type: 'wording kept', description: kept ? 'the tablet’s' : 'the facilitator’s (the tablet’s in the trash)' })
    await expect(noteTexts(host)).toHaveText([kept ? mine : theirs])
    for (const page of [tablet, host]) {
      if (kept) {
        await expect(page.getByTestId('trash.entry')).toHaveCount(0)
        continue
      }
      await expect(page.getByTestId('trash.entry')).toHaveCount(1)
      await expect(page.getByTestId('trash.entry')).toContainText(mine)
      await expect(page.getByTestId('trash.reason')).toHaveText('別の人も書き直した付箋')
    }
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
    if (kept) return

    // 戻す never replaces the facilitator's wording: the tablet's comes back beside it.
    await expect(host.getByTestId('trash.restore')).toHaveText('となりに並べて戻す')
    await host.getByTestId('trash.restore').click()
    for (const page of [tablet, host]) {
      await expect(noteTexts(page)).toHaveCount(2)
      await expect(noteTexts(page).filter({ hasText: mine })).toHaveCount(1)
      await expect(noteTexts(page).filter({ hasText: theirs })).toHaveCount(1)
      await expect(page.getByTestId('trash.entry')).toHaveCount(0)
    }
  })
})

test('the laptop, the projector and a tablet keep their pages while the server cannot be reached, and come back by themselves', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'サーバーが止まっても', kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { sessionId: string; joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  await writeNote(tablet, '夜道が暗くて歩けない')
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  const projector = await people.open('projector')

  // The session record is asked for again every 15 s (the clock is moved on, not waited for); the server
  // is "down" for it: the requests fail as they do while the laptop restarts.
  let down = false
  const calls = new Map<Page, number>()
  for (const [page, url] of [[host, local(session.urls.facilitator)], [projector, local(session.urls.projector)]] as const) {
    await page.clock.install()
    await page.route(`**/api/sessions/${session.sessionId}`, (route) => {
      calls.set(page, (calls.get(page) ?? 0) + 1)
      return down ? route.abort('connectionrefused') : route.continue()
    })
    await page.goto(url)
    await expect(noteTexts(page)).toHaveText(['夜道が暗くて歩けない'])
  }

  await test.step('a refresh fails: the board and the step stay on the laptop and the projector, without an error page', async () => {
    down = true
    for (const page of [host, projector]) {
      const before = calls.get(page) ?? 0
      await page.clock.runFor(16_000)
      await expect.poll(() => calls.get(page) ?? 0).toBeGreaterThan(before)
      // Asked again soon after the failure (not only at the next refresh): by then the failure has been handled.
      await page.clock.runFor(4_000)
      await expect.poll(() => calls.get(page) ?? 0).toBeGreaterThan(before + 1)
      await expect(page.getByText('サーバーにつながりません')).toHaveCount(0)
      await expect(noteTexts(page)).toHaveText(['夜道が暗くて歩けない'])
    }
    await expect(host.getByTestId('facilitator.title')).toHaveText('サーバーが止まっても')
  })

  await test.step('a tablet opened while the session record cannot be had draws its board from the record it kept', async () => {
    await tablet.clock.install()
    await tablet.route(`**/api/sessions/${session.sessionId}`, (route) => (down ? route.abort('connectionrefused') : route.continue()))
    await tablet.reload()
    await expect(noteTexts(tablet)).toHaveText(['夜道が暗くて歩けない'])
    await expect(tablet.getByRole('heading', { name: 'サーバーが止まっても' })).toBeVisible()
  })

  await test.step('with no record kept on the tablet, it says so in words, and shows the board once it can, by itself', async () => {
    await tablet.evaluate(() => Object.keys(localStorage).forEach((key) => key.startsWith('yoriai:record:') && localStorage.removeItem(key)))
    await tablet.reload()
    await expect(tablet.getByTestId('participant.unreachable')).toHaveText(
      'よりあいのパソコンにつながりません。Wi-Fiとパソコンを確かめてください。つながると、自動でボードが表示されます。',
    )
    down = false
    await tablet.clock.runFor(4_000)
    await expect(noteTexts(tablet)).toHaveText(['夜道が暗くて歩けない'])
    await expect(tablet.getByTestId('participant.unreachable')).toHaveCount(0)
  })
})

test('the join link opened again on the same tablet comes back as the same person, and sends what was left unsent', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'もう一度読み取る', kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await host.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  let tablet = await people.open('tablet', `/j/${session.joinCode}`)
  let offline = false
  await tablet.context().routeWebSocket(/\/ws\//, (ws) => {
    if (offline) ws.close()
    else ws.connectToServer()
  })
  await tablet.getByTestId('join.name').fill('田中')
  await tablet.getByTestId('join.submit').tap()
  await writeNote(tablet, '回覧板が回ってこない')
  await expect(noteTexts(host)).toHaveText(['回覧板が回ってこない'])

  await test.step('the laptop is unreachable; a note waits 未送信, and the tab is closed', async () => {
    offline = true
    await tablet.reload()
    await writeNote(tablet, 'ゴミ出しの日がわからない')
    await expect(tablet.getByTestId('note').filter({ hasText: 'ゴミ出し' }).getByTestId('note.unsent')).toBeVisible()
    const context = tablet.context()
    await tablet.close()
    tablet = await context.newPage()
  })

  await test.step('the QR code again, back online: the same person, the note sent, nobody new', async () => {
    offline = false
    await tablet.goto(`${people.baseUrl}/j/${session.joinCode}`)
    await expect(tablet).toHaveURL(/\/s\/[^/]+\/p$/)
    await expect(tablet.getByText('あなた：田中')).toBeVisible()
    await expect(noteTexts(host)).toHaveText(['回覧板が回ってこない', 'ゴミ出しの日がわからない'])
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('refusal.banner')).toHaveCount(0)
    await expect(host.getByTestId('people.row')).toHaveCount(1)
  })
})

test('a note rewritten without a connection is marked 未送信, and leaving the tablet then warns before it is lost', async ({ people }) => {
  const { host, tablet, wifi } = await laptopAndTablet(people, '書き直しも未送信')
  await tablet.getByTestId('join.anonymous').tap()
  await writeNote(tablet, '坂道がきつい')
  await expect(noteTexts(host)).toHaveText(['坂道がきつい'])
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)

  await test.step('offline, the note is rewritten: it says 未送信, and leaving says it would be lost', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await tablet.getByTestId('note').filter({ hasText: '坂道' }).tap()
    await tablet.getByTestId('sheet.edit').tap()
    await tablet.getByTestId('composer.text').fill('坂道がきつくて買い物に行けない')
    await tablet.getByTestId('composer.post').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: '買い物' }).getByTestId('note.unsent')).toHaveText('未送信')
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.unsent')).toContainText('まだ送れていない付箋が1枚あります')
    await expect(tablet.getByTestId('leave.confirm')).toHaveText('送らずに退出する（付箋が消えます）')
    await tablet.getByTestId('leave.stay').tap()
  })

  await test.step('back online, the rewrite reaches the laptop and the mark goes', async () => {
    wifi.off = false
    await tablet.reload()
    await expect(noteTexts(host)).toHaveText(['坂道がきつくて買い物に行けない'])
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  })
})

test('a note deleted on a tablet without a connection is shown as 未送信, counted on leaving, and the mark goes once the server has it', async ({ people }) => {
  const { host, tablet, wifi } = await laptopAndTablet(people, '消したのに届かない')
  await tablet.getByTestId('join.anonymous').tap()
  for (const text of ['バス停にベンチがほしい', '回覧板が回ってこない']) {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
  }
  await expect(noteTexts(host)).toHaveText(['バス停にベンチがほしい', '回覧板が回ってこない'])
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  const deleteOnTablet = async (text: string) => {
    await tablet.getByTestId('note').filter({ hasText: text }).tap()
    await tablet.getByTestId('sheet.delete').tap()
    await tablet.getByTestId('sheet.confirmDelete').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: text })).toHaveCount(0)
  }

  await test.step('offline, the tablet deletes a note: 削除1件は未送信 beside the connection, the laptop still has the note', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
    await deleteOnTablet('バス停')
    await expect(tablet.getByTestId('pending.deletes')).toHaveText('削除1件は未送信')
    await expect(noteTexts(host)).toHaveText(['バス停にベンチがほしい', '回覧板が回ってこない'])
  })

  await test.step('この端末から退出 counts the delete; a reload while offline keeps the mark', async () => {
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.unsentDeletes')).toHaveText('削除1件がまだ送れていません。いま退出すると、消した付箋がボードに残ります。')
    await expect(tablet.getByTestId('leave.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('leave.confirm')).toHaveText('送らずに退出する')
    await tablet.getByTestId('leave.stay').tap()
    await tablet.reload()
    await expect(tablet.getByTestId('pending.deletes')).toHaveText('削除1件は未送信')
  })

  await test.step('back online: the note is gone everywhere and the mark goes', async () => {
    wifi.off = false
    await tablet.reload()
    await expect(noteTexts(host)).toHaveText(['回覧板が回ってこない'])
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.unsentDeletes')).toHaveCount(0)
    await expect(tablet.getByTestId('leave.confirm')).toHaveText('退出する')
    await tablet.getByTestId('leave.stay').tap()
  })

  await test.step('a delete the facilitator made too while the tablet was offline: the server has nothing new to store, and the mark still goes', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await deleteOnTablet('回覧板')
    await expect(tablet.getByTestId('pending.deletes')).toHaveText('削除1件は未送信')
    await host.getByTestId('note').filter({ hasText: '回覧板' }).click()
    await host.getByTestId('sheet.delete').click()
    await host.getByTestId('sheet.confirmDelete').click()
    await expect(noteTexts(host)).toHaveCount(0)
    wifi.off = false
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
  })
})

/** Waits until the app is kept on the tablet: its service worker installed, active and in charge of the page. */
async function appKeptOnDevice(tablet: Page): Promise<void> {
  await expect.poll(() => tablet.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 25_000 }).toBe(true)
}

/** Every address kept in the tablet's Cache Storage (the service worker's caches). */
const cachedPaths = (tablet: Page): Promise<string[]> =>
  tablet.evaluate(async () => {
    const paths: string[] = []
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname)
    return paths
  })

test('a tablet reloaded while the laptop cannot be reached opens the app from the device: its board, a note written 未送信, and both notes on the server once it is back', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'パソコンに届かなくても', kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await host.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  await writeNote(tablet, '集会所までの坂がきつい')
  await expect(noteTexts(host)).toHaveText(['集会所までの坂がきつい'])
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  await expect.poll(() => localBoardEntries(tablet)).toBeGreaterThan(0)
  await appKeptOnDevice(tablet)

  await test.step('the laptop is out of reach: a reload opens the page, and the board with its note, from the tablet', async () => {
    await tablet.context().setOffline(true)
    // The worker itself cannot reach the server either (what it answers now comes from the device).
    const [worker] = tablet.context().serviceWorkers()
    expect(await worker!.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then(() => 'answered', () => 'failed'))).toBe('failed')
    await tablet.reload()
    await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい'])
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    // Still this person's board (the session record kept on the device), never 「参加が取り消されました」.
    await expect(tablet.getByTestId('participant.removed')).toHaveCount(0)
    await expect(tablet.getByRole('heading', { name: 'パソコンに届かなくても' })).toBeVisible()
  })

  await test.step('a second note is written and marked 未送信', async () => {
    await writeNote(tablet, '電池が切れそうな時も書ける')
    await expect(tablet.getByTestId('note').filter({ hasText: '電池' }).getByTestId('note.unsent')).toHaveText('未送信')
    await expect(noteTexts(tablet)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'])
    await expect(noteTexts(host)).toHaveText(['集会所までの坂がきつい'])
  })

  await test.step('the worker keeps the app, never the server’s answers: the session record fails as offline', async () => {
    const cached = await cachedPaths(tablet)
    // Every file of the build, those of pages this tablet never opened (the facilitator's) too: the list came from the build.
    const built = fs.readdirSync(path.resolve(import.meta.dirname, '../../dist/client/assets')).map((name) => `/assets/${name}`)
    expect(built.length).toBeGreaterThan(0)
    expect(cached).toEqual(expect.arrayContaining(['/index.html', '/favicon.svg', ...built]))
    expect(cached.filter((p) => /^\/(api|ws|healthz)\b/.test(p))).toEqual([])
    const sessionRecord = await tablet.evaluate(() => fetch(location.pathname.replace(/^\/s\/([^/]+)\/p$/, '/api/sessions/$1')).then((r) => r.status, () => 'failed'))
    expect(sessionRecord).toBe('failed')
  })

  await test.step('back online: both notes reach the laptop, and the marks go', async () => {
    await tablet.context().setOffline(false)
    await expect(noteTexts(host)).toHaveText(['集会所までの坂がきつい', '電池が切れそうな時も書ける'], { timeout: 20_000 })
    await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
  })
})

test('a join link opened while the laptop cannot be reached, on a tablet that has the app, says so in words and names the session once it answers', async ({ people }) => {
  const host = await people.open('laptop')
  const res = await host.request.post(`${people.baseUrl}/api/sessions`, { data: { title: 'あとから参加', kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { joinCode: string }
  // The tablet opened the app once before (last month's meeting, say): the app is kept on it.
  const tablet = await people.open('tablet')
  await appKeptOnDevice(tablet)
  await tablet.context().setOffline(true)
  await tablet.goto(`${people.baseUrl}/j/${session.joinCode}`)
  await expect(tablet.getByTestId('join.unreachable')).toHaveText('よりあいのパソコンにつながりません。Wi-Fiとパソコンを確かめてください。つながると、参加できます。')
  await tablet.context().setOffline(false)
  await expect(tablet.getByTestId('join.title')).toHaveText('「あとから参加」に参加します')
  await expect(tablet.getByTestId('join.unreachable')).toHaveCount(0)
  await tablet.getByTestId('join.anonymous').tap()
  await expect(tablet.getByTestId('participant.write')).toBeVisible()
})
