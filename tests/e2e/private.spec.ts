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
