import fs from 'node:fs'
import { test, expect } from './fixtures/people.ts'
import { noteTexts } from './fixtures/pages.ts'

test('個人ワーク: three participants at two tables write privately, then the facilitator reveals', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '個人ワークの練習', kind: 'workshop', template: 'workshop', tables: ['北町', '南町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  await facilitator.goto(local(session.urls.facilitator))
  const tablets = []
  for (const table of ['北町', '北町', '南町']) {
    const tablet = await people.open('tablet', `/j/${session.joinCode}`)
    await tablet.getByTestId('join.anonymous').tap()
    await tablet.getByTestId('join.table').filter({ hasText: table }).tap()
    await expect(tablet.getByTestId('participant.write')).toBeEnabled()
    tablets.push(tablet)
  }
  const [a, b, c] = tablets as [typeof facilitator, typeof facilitator, typeof facilitator]
  const projectorUrl = new URL(local(session.urls.projector))
  const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)

  await facilitator.getByTestId('step.next').click()
  for (const page of [a, b, c, projector]) await expect(page.getByTestId('step.name')).toContainText('ニーズ出し')

  await test.step('a note written in private work stays with its writer and the facilitator', async () => {
    await a.getByTestId('participant.write').tap()
    await a.getByTestId('composer.text').fill('夜道が暗くて歩くのがこわい')
    await a.getByTestId('composer.post').tap()
    await expect(a.getByTestId('private.strip')).toContainText('1枚')
    // Open on the writer's tablet, the note in it; the empty board below says where the notes will come.
    await expect(a.getByTestId('private.note')).toHaveText(['夜道が暗くて歩くのがこわい'])
    await expect(a.getByTestId('private.note')).toBeVisible()
    await expect(a.getByTestId('canvas.need')).toContainText('公開されるとここに出ます')
    await expect(facilitator.getByTestId('private.count')).toContainText('1枚')
    await expect(noteTexts(b)).toHaveCount(0)
    await expect(projector.getByTestId('note')).toHaveCount(0)
  })

  await test.step('公開 puts it on the table’s board for everyone there', async () => {
    await facilitator.getByTestId('private.reveal').click()
    for (const page of [a, b]) await expect(noteTexts(page)).toHaveText(['夜道が暗くて歩くのがこわい'])
    await expect(projector.getByTestId('note')).toHaveCount(1)
    await expect(a.getByTestId('private.strip')).toHaveCount(0)
    // Another table's board stays its own.
    await expect(noteTexts(c)).toHaveCount(0)
  })

  await test.step('moving on closes the laptop’s copies of the private work without an error in its console', async () => {
    const errors: string[] = []
    facilitator.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await facilitator.getByTestId('step.next').click()
    for (const page of [a, projector]) await expect(page.getByTestId('step.name')).toContainText('資源出し')
    await expect(facilitator.getByTestId('private.panel')).toHaveCount(0)
    expect(errors).toEqual([])
  })
})

test('個人ワーク on a tablet reloaded without a connection: a note written then stays private, not on the table’s board for all', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '個人ワークとWi-Fi', kind: 'workshop', template: 'workshop' } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const neighbour = await people.open('tablet', `/j/${session.joinCode}`)
  await neighbour.getByTestId('join.anonymous').tap()
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  // The hall's Wi-Fi, which the test drops for this tablet: its sockets refused while `wifi.off`.
  const wifi = { off: false }
  await tablet.routeWebSocket(/\/ws\//, (ws) => {
    if (wifi.off) ws.close()
    else ws.connectToServer()
  })
  await tablet.getByTestId('join.anonymous').tap()
  await facilitator.getByTestId('step.next').click()
  await expect(tablet.getByTestId('step.name')).toContainText('ニーズ出し')
  await expect(tablet.getByTestId('step.banner')).toContainText('個人ワーク')

  await test.step('the Wi-Fi drops and the page reloads: the step is not known, the note still goes to 個人ワーク', async () => {
    wifi.off = true
    await tablet.reload()
    await expect(tablet.getByTestId('step.pending')).toBeVisible()
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill('となりの家の人と話したことがない')
    await tablet.getByTestId('composer.post').tap()
    await expect(tablet.getByTestId('private.strip')).toContainText('1枚')
    await expect(tablet.getByTestId('private.note').locator('.private-note-text')).toHaveText(['となりの家の人と話したことがない'])
    await expect(noteTexts(tablet)).toHaveCount(0)
    // Marked, as a note on the board would be: the resident sees it has not gone anywhere yet.
    await expect(tablet.getByTestId('private.note').getByTestId('note.unsent')).toHaveText('未送信')
  })

  await test.step('back online: the facilitator has it in 個人ワーク, the neighbour does not see it', async () => {
    wifi.off = false
    await expect(tablet.getByTestId('step.name')).toContainText('ニーズ出し')
    await expect(facilitator.getByTestId('private.count')).toContainText('1枚')
    await expect(noteTexts(neighbour)).toHaveCount(0)
    await expect(noteTexts(tablet)).toHaveCount(0)
    await expect(tablet.getByTestId('private.note').getByTestId('note.unsent')).toHaveCount(0)
  })
})

test('個人ワーク left unrevealed when the steps moved on: the export page says how many notes no file holds, and reveals them', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '公開わすれ', kind: 'workshop', template: 'workshop', tables: ['北町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  await tablet.getByTestId('join.table').filter({ hasText: '北町' }).tap()
  await expect(tablet.getByTestId('participant.write')).toBeEnabled()
  await facilitator.getByTestId('step.next').click()
  await expect(tablet.getByTestId('step.name')).toContainText('ニーズ出し')
  for (const text of ['夜道が暗くて歩くのがこわい', '回覧板が回ってこない']) {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
  }
  await expect(tablet.getByTestId('private.strip')).toContainText('2枚')
  await expect(tablet.getByTestId('note.unsent')).toHaveCount(0)
  // The facilitator moves on without 公開 (the private work's panel, and its button, go with the step).
  await facilitator.getByTestId('step.next').click()
  await expect(facilitator.getByTestId('private.panel')).toHaveCount(0)

  await facilitator.getByTestId('tab.export').click()
  const warning = facilitator.getByTestId('export.unrevealed')
  await expect(warning).toContainText('まだ公開していない個人ワークの付箋が2枚あります')
  const notesCsv = async () => {
    const [file] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByTestId('export.export.csv').click()])
    return fs.readFileSync((await file.path())!, 'utf8')
  }
  expect(await notesCsv()).not.toContain('夜道が暗くて')
  await facilitator.getByTestId('export.reveal').click()
  await expect(facilitator.getByTestId('export.status')).toHaveText('2枚を公開しました')
  await expect(warning).toHaveCount(0)
  const csv = await notesCsv()
  for (const text of ['夜道が暗くて歩くのがこわい', '回覧板が回ってこない']) expect(csv).toContain(text)
  // On the table's board too (its ニーズ canvas; the tablet is on the step's 資源 now), where the table can group them.
  await expect(tablet.getByTestId('tab.need')).toContainText('2枚')
  await expect(tablet.getByTestId('private.strip')).toHaveCount(0)
})
