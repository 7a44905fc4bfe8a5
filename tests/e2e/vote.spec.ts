import { test, expect } from './fixtures/people.ts'

test('シール投票: three dots each, a fourth is refused, results on the projector after closing', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const res = await facilitator.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '投票の練習', kind: 'workshop' } })
  const session = (await res.json()) as { sessionId: string; joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)
  await facilitator.goto(local(session.urls.facilitator))
  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  await tablet.getByTestId('join.anonymous').tap()
  for (const text of ['買い物に行けない', 'バスが少ない']) {
    await tablet.getByTestId('participant.write').tap()
    await tablet.getByTestId('composer.text').fill(text)
    await tablet.getByTestId('composer.post').tap()
  }
  const projectorUrl = new URL(local(session.urls.projector))
  const projector = await people.open('projector', projectorUrl.pathname + projectorUrl.hash)

  await facilitator.getByTestId('vote.open').click()
  await expect(tablet.getByTestId('vote.banner')).toContainText('のこり 3／3 枚')

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
