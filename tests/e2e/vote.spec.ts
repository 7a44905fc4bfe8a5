import { test, expect, touchDrag, type People } from './fixtures/people.ts'
import type { Locator, Page, WebSocketRoute } from '@playwright/test'

async function center(target: Locator) {
  const box = (await target.boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** The facilitator's page of a new session (`data` as POST /api/sessions takes it) and a resident who joined it and wrote `texts`. */
async function facilitatorAndResident(people: People, data: Record<string, string>, texts: string[]) {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data })
  const session = (await res.json()) as { sessionId: string; joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  await facilitator.goto(local(session.urls.facilitator))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  for (const text of texts) {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: text })).toBeVisible()
  }
  return { facilitator, tablet, session, local }
}

test('シール投票: three dots each, a fourth is refused, results on the projector after closing', async ({ people }) => {
  const { facilitator, tablet, session, local } = await facilitatorAndResident(people, { title: '投票の練習', kind: 'workshop' }, ['買い物に行けない', 'バスが少ない'])
  const projectorUrl = new URL(local(session.urls.projector))
  const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)

  await facilitator.getByTestId('vote.open').click()
  await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 3／3 枚')

  await test.step('while the vote is open, the projector fits its window too: the sound switch wholly in sight', async () => {
    const sound = projector.getByRole('checkbox', { name: '終わったら音を鳴らす' })
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      await projector.setViewportSize(size)
      await expect(projector.getByTestId('projector.voteOpen')).toBeVisible()
      await expect.poll(() => projector.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), { message: `${size.width}×${size.height}` }).toBe(true)
      for (const shown of [projector.getByTestId('join.code'), sound]) await expect(shown, `${size.width}×${size.height}`).toBeInViewport({ ratio: 1 })
    }
  })

  await test.step('three dots go on, the fourth is refused', async () => {
    await tablet.getByTestId('note').filter({ hasText: '買い物' }).tap()
    for (const left of [2, 1, 0]) {
      await tablet.getByTestId('vote.place').tap()
      await expect(tablet.getByTestId('vote.place')).toContainText(`のこり ${left} 枚`)
    }
    await expect(tablet.getByTestId('vote.place')).toBeDisabled()
    // A second tab (or a modified page) asking the server directly gets a clear refusal.
    await tablet.getByTestId('sheet.close').tap()
    const noteId = (await tablet.getByTestId('note').filter({ hasText: 'バスが少ない' }).getAttribute('data-note-id'))!
    const refused = await tablet.evaluate(
      async ({ sessionId, noteId }) => {
        const token = JSON.parse(localStorage.getItem(`yoriai:participant:${sessionId}`)!).token as string
        const r = await fetch(`/api/sessions/${sessionId}/dots`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ noteId }) })
        return { status: r.status, body: (await r.json()) as { message: string } }
      },
      { sessionId: session.sessionId, noteId },
    )
    expect(refused).toEqual({ status: 409, body: expect.objectContaining({ message: 'シールはもう残っていません。' }) })
    await expect(tablet.getByTestId('note').filter({ hasText: '買い物' }).getByTestId('note.dots')).toHaveText('●●●')
  })

  await test.step('results stay hidden until the facilitator closes the vote, then show on notes and as a ranking', async () => {
    await expect(projector.getByTestId('note.total')).toHaveCount(0)
    await facilitator.getByTestId('vote.close').click()
    await expect(projector.getByTestId('vote.ranking')).toContainText('3票')
    await expect(projector.getByTestId('vote.ranking')).toContainText('買い物に行けない')
    await expect(tablet.getByTestId('note').filter({ hasText: '買い物' }).getByTestId('note.total')).toHaveText('3票')
  })

  await test.step('with the ranking, the projector still fits its window (1080p, 720p, 1024×768): the join code, the QR and the sound switch in sight', async () => {
    const sound = projector.getByRole('checkbox', { name: '終わったら音を鳴らす' })
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      await projector.setViewportSize(size)
      // Nobody scrolls a projector on a wall: the page is never taller than the window.
      await expect.poll(() => projector.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), { message: `${size.width}×${size.height}` }).toBe(true)
      for (const shown of [projector.getByTestId('vote.ranking'), projector.getByTestId('join.code'), projector.getByTestId('join.qr'), sound]) {
        await expect(shown, `${size.width}×${size.height}`).toBeInViewport({ ratio: 1 })
      }
      await expect(projector.getByTestId('vote.ranking').getByRole('listitem').first()).toContainText('買い物に行けない')
    }
  })
})

test('シール投票 in words: the tablet says how to place a dot and when all are placed, the projector that a vote is open; a one-note group’s total stays on one line', async ({ people }) => {
  const { facilitator, tablet, session, local } = await facilitatorAndResident(people, { title: '投票のことば', kind: 'kondankai', template: 'blank' }, ['一人暮らしで話し相手がいない', 'バスが少ない'])
  const notes = tablet.getByTestId('note')
  // A group of two, then one taken out: a group of one note, with its narrow header.
  await touchDrag(tablet, await center(notes.filter({ hasText: 'バス' })), await center(notes.filter({ hasText: '一人暮らし' })))
  await expect(tablet.getByTestId('group').getByTestId('note')).toHaveCount(2)
  await tablet.getByTestId('group.title').tap()
  await tablet.getByTestId('group.title.input').fill('孤立と見守り')
  await tablet.getByTestId('group.title.input').press('Enter')
  const canvas = (await tablet.getByTestId('canvas.need').boundingBox())!
  await touchDrag(tablet, await center(notes.filter({ hasText: 'バス' })), { x: canvas.x + 150, y: canvas.y + canvas.height - 150 })
  await expect(tablet.getByTestId('group').getByTestId('note')).toHaveCount(1)
  const projectorUrl = new URL(local(session.urls.projector))
  const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)

  await facilitator.getByTestId('vote.open').click()
  await expect(tablet.getByTestId('vote.howTo')).toHaveText('付箋をタップして「シールを貼る」を押してください')
  await expect(projector.getByTestId('projector.voteOpen')).toHaveText('シール投票中（ニーズ）タブレットで付箋をタップして、シールを貼ってください')
  // On a 720-tall projector the join code stays in sight for people who arrive late.
  await projector.setViewportSize({ width: 1280, height: 720 })
  await expect(projector.getByTestId('projector.voteOpen')).toBeInViewport({ ratio: 1 })
  await expect(projector.getByTestId('join.code')).toBeInViewport({ ratio: 1 })
  await projector.setViewportSize({ width: 1920, height: 1080 })
  await notes.filter({ hasText: '一人暮らし' }).tap()
  for (let i = 0; i < 3; i++) await tablet.getByTestId('vote.place').tap()
  await expect(tablet.getByTestId('vote.place')).toContainText('のこり 0 枚')
  await tablet.getByTestId('sheet.close').tap()
  await expect(tablet.getByTestId('vote.howTo')).toHaveText('シールを全部貼りました。貼り直すときは、付箋をタップして「シールをはがす」を押します')

  await facilitator.getByTestId('vote.close').click()
  await expect(projector.getByTestId('projector.voteOpen')).toHaveCount(0)
  const total = tablet.getByTestId('group.total')
  await expect(total).toHaveText('3票')
  // 「3票」 on one line, not 「3」 over 「票」.
  const box = (await total.boundingBox())!
  expect(box.width).toBeGreaterThan(box.height)
})

/**
 * The hall's Wi-Fi, for this tablet only: `drop` closes its sockets, refuses new ones and fails its dot
 * requests, the page itself still loading on a reload (as in offline.spec); `restore` lets them through.
 */
async function tabletWifi(tablet: Page) {
  const wifi = { off: false, sockets: [] as WebSocketRoute[] }
  await tablet.routeWebSocket(/\/ws\//, (ws) => {
    if (wifi.off) return void ws.close()
    ws.connectToServer()
    wifi.sockets.push(ws)
  })
  await tablet.route('**/api/sessions/*/dots', (route) => (wifi.off ? route.abort('internetdisconnected') : route.continue()))
  return {
    async drop() {
      wifi.off = true
      for (const ws of wifi.sockets.splice(0)) await ws.close()
      await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    },
    restore() {
      wifi.off = false
    },
  }
}

/** A vote session on the laptop and a tablet that joined it and wrote two needs; `onServer` is what the server holds of the resident's dots. */
async function votingTablet(people: People, title: string) {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title, kind: 'kondankai', template: 'blank' } })
  const session = (await res.json()) as { sessionId: string; joinCode: string; urls: { facilitator: string } }
  await facilitator.goto(session.urls.facilitator.replace(/^http:\/\/[^/]+/, people.baseUrl))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  const wifi = await tabletWifi(tablet)
  await tablet.getByTestId('join.anonymous').tap()
  for (const text of ['買い物に行けない', 'バスが少ない']) {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
    await expect(tablet.getByTestId('note').filter({ hasText: text })).toBeVisible()
  }
  // Asked as the tablet would (its token), but not through its Wi-Fi.
  const onServer = async () => {
    const token = await tablet.evaluate((id) => JSON.parse(localStorage.getItem(`yoriai:participant:${id}`)!).token as string, session.sessionId)
    const r = await facilitator.request.get(`${people.baseUrl}/api/sessions/${session.sessionId}/dots`, { headers: { authorization: `Bearer ${token}` } })
    return (await r.json()) as { mine: Record<string, number>; remaining: number }
  }
  return { facilitator, tablet, wifi, onServer }
}

test('シール投票 without a connection: dots placed are kept on the tablet as 未送信, sent on reconnecting, and a refusal meanwhile is said', async ({ people }) => {
  const { facilitator, tablet, wifi, onServer } = await votingTablet(people, 'Wi-Fiが切れても投票')
  const note = (text: string) => tablet.getByTestId('note').filter({ hasText: text })
  await facilitator.getByTestId('vote.open').click()
  await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 3／3 枚')

  await test.step('offline, a dot goes on at once and is marked 未送信 on its note; the server does not have it yet', async () => {
    await wifi.drop()
    await note('買い物').tap()
    await tablet.getByTestId('vote.place').tap()
    await expect(tablet.getByTestId('vote.place')).toContainText('のこり 2 枚')
    await expect(tablet.getByTestId('vote.mine')).toHaveText('あなたのシール 1 枚（うち 1 枚は未送信）')
    await tablet.getByTestId('sheet.close').tap()
    await expect(note('買い物').getByTestId('note.dots.unsent')).toHaveText('未送信')
    await expect(note('買い物').getByRole('img', { name: 'あなたのシール 1 枚（うち 1 枚は未送信）' })).toBeVisible()
    await expect(tablet.getByTestId('pending.dots')).toHaveText('シール1枚は未送信')
    expect((await onServer()).remaining).toBe(3)
    await tablet.getByTestId('participant.leave').tap()
    await expect(tablet.getByTestId('leave.unsentDots')).toHaveText('シール1枚がまだ送れていません。いま退出すると、そのシールは投票に入りません。')
    await tablet.getByTestId('leave.stay').tap()
  })

  await test.step('the Wi-Fi comes back: the dot is sent by itself and the marks go', async () => {
    wifi.restore()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
    await expect.poll(async () => (await onServer()).remaining).toBe(2)
    await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 2／3 枚')
    await expect(note('買い物').getByTestId('note.dots.unsent')).toHaveCount(0)
    await expect(note('買い物').getByRole('img', { name: 'あなたのシール 1 枚' })).toHaveText('●')
  })

  await test.step('offline again, a dot kept across a reload, and another placed after it; the vote ends meanwhile: on reconnecting the tablet says they were not accepted', async () => {
    await wifi.drop()
    await note('バス').tap()
    await tablet.getByTestId('vote.place').tap()
    await expect(tablet.getByTestId('vote.place')).toContainText('のこり 1 枚')
    await tablet.getByTestId('sheet.close').tap()
    await tablet.reload()
    await expect(tablet.getByTestId('pending.dots')).toHaveText('シール1枚は未送信')
    await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 1／3 枚')
    await expect(note('バス').getByTestId('note.dots.unsent')).toBeVisible()
    await note('買い物').tap()
    await tablet.getByTestId('vote.place').tap()
    await expect(tablet.getByTestId('vote.place')).toContainText('のこり 0 枚')
    await tablet.getByTestId('sheet.close').tap()
    await expect(tablet.getByTestId('pending.dots')).toHaveText('シール2枚は未送信')
    await facilitator.getByTestId('vote.close').click()
    wifi.restore()
    await tablet.reload()
    await expect(tablet.getByTestId('vote.error')).toHaveText('Wi-Fiが切れていた間のシール2枚は、受け付けられませんでした。そのシール投票はもう終わっています。')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
    await expect(tablet.getByTestId('note.dots.unsent')).toHaveCount(0)
    await expect(note('バス').getByTestId('note.total')).toHaveCount(0)
    await expect(note('買い物').getByTestId('note.total')).toHaveText('1票')
  })
})

test('シール投票 after a reload without a connection: the tablet remembers the vote and its dots, takes new ones within the limit, marks them on their notes and sends them on reconnecting', async ({ people }) => {
  const { facilitator, tablet, wifi, onServer } = await votingTablet(people, '再読み込みしても投票')
  const note = (text: string) => tablet.getByTestId('note').filter({ hasText: text })
  await facilitator.getByTestId('vote.open').click()
  await note('買い物').tap()
  await tablet.getByTestId('vote.place').tap()
  await expect(tablet.getByTestId('vote.place')).toContainText('のこり 2 枚')
  await tablet.getByTestId('sheet.close').tap()
  await expect.poll(async () => (await onServer()).remaining).toBe(2)

  await test.step('the Wi-Fi drops and the page reloads: the vote, the dot already sent and what is left are still there', async () => {
    await wifi.drop()
    await tablet.reload()
    await expect(tablet.getByTestId('conn.status')).not.toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 2／3 枚')
    await expect(note('買い物').getByRole('img', { name: 'あなたのシール 1 枚' })).toHaveText('●')
  })

  await test.step('two dots go on, marked 未送信 on their note; the third is not offered', async () => {
    await note('バス').tap()
    await tablet.getByTestId('vote.place').tap()
    await expect(tablet.getByTestId('vote.place')).toContainText('のこり 1 枚')
    await tablet.getByTestId('vote.place').tap()
    await expect(tablet.getByTestId('vote.place')).toContainText('のこり 0 枚')
    await expect(tablet.getByTestId('vote.place')).toBeDisabled()
    await expect(tablet.getByTestId('vote.mine')).toHaveText('あなたのシール 2 枚（うち 2 枚は未送信）')
    await tablet.getByTestId('sheet.close').tap()
    await expect(note('バス').getByRole('img', { name: 'あなたのシール 2 枚（うち 2 枚は未送信）' })).toBeVisible()
    await expect(note('バス').getByTestId('note.dots.unsent')).toHaveText('未送信')
    await expect(tablet.getByTestId('pending.dots')).toHaveText('シール2枚は未送信')
    await expect(tablet.getByTestId('vote.howTo')).toHaveText('シールを全部貼りました。貼り直すときは、付箋をタップして「シールをはがす」を押します')
    expect(await onServer()).toEqual(expect.objectContaining({ remaining: 2 }))
  })

  await test.step('a second reload, still offline, keeps them marked and the count at its limit', async () => {
    await tablet.reload()
    await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 0／3 枚')
    await expect(note('バス').getByRole('img', { name: 'あなたのシール 2 枚（うち 2 枚は未送信）' })).toBeVisible()
  })

  await test.step('the Wi-Fi comes back: both are sent, the marks go, the server has all three', async () => {
    wifi.restore()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
    await expect(tablet.getByTestId('note.dots.unsent')).toHaveCount(0)
    await expect(note('バス').getByRole('img', { name: 'あなたのシール 2 枚' })).toHaveText('●●')
    await expect.poll(onServer).toEqual({ roundId: expect.any(String), mine: { [(await note('買い物').getAttribute('data-note-id'))!]: 1, [(await note('バス').getAttribute('data-note-id'))!]: 2 }, remaining: 0 })
    await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 0／3 枚')
    await expect(tablet.getByTestId('vote.error')).toHaveCount(0)
  })
})

test('シール投票 on a tablet held landscape: the banner is one line, and the board stays put when the Wi-Fi drops with a dot waiting', async ({ people }) => {
  const { facilitator, tablet, wifi } = await votingTablet(people, 'さくら台地区 住民懇談会「これからの支え合いを考える」')
  await facilitator.getByTestId('vote.open').click()
  // A plan item drafted already: the tablet's header has 計画案を見る too.
  await facilitator.getByRole('button', { name: /^計画案/ }).first().click()
  await facilitator.getByTestId('plan.new').click()
  await expect(tablet.getByTestId('participant.plan')).toBeVisible()
  await tablet.setViewportSize({ width: 1180, height: 820 })
  const banner = tablet.getByTestId('vote.banner')
  await expect(banner).toContainText('のこり 3／3 枚')
  const board = tablet.locator('.board-viewport')
  const top = async () => (await board.boundingBox())!.y

  await test.step('what is left and what to do share one line (two took 45 px more from the board)', async () => {
    const [left, how] = [(await banner.boundingBox())!, (await tablet.getByTestId('vote.howTo').boundingBox())!]
    expect(how.y).toBeLessThan(left.y + left.height / 2)
    expect(left.height).toBeLessThan(60)
  })

  await test.step('offline with a dot waiting, オフライン and 「シール1枚は未送信」 fit beside the title: the board does not move down', async () => {
    const before = await top()
    await wifi.drop()
    await tablet.getByTestId('note').filter({ hasText: '買い物' }).tap()
    await tablet.getByTestId('vote.place').tap()
    await tablet.getByTestId('sheet.close').tap()
    await expect(tablet.getByTestId('pending.dots')).toHaveText('シール1枚は未送信')
    expect(await top()).toBeCloseTo(before, 0)
    const [title, pending] = [(await tablet.locator('.topbar-title').boundingBox())!, (await tablet.getByTestId('pending').boundingBox())!]
    expect(Math.abs(title.y + title.height / 2 - (pending.y + pending.height / 2))).toBeLessThan(12)
    wifi.restore()
    await expect(tablet.getByTestId('pending')).toHaveCount(0)
  })
})
