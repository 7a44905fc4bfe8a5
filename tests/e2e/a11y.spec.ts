import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/people.ts'

/** Serious and critical findings only: what blocks a screen-reader or low-vision user. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)
}

test('the participant, facilitator and projector pages have no serious accessibility violations', async ({ people }) => {
  // Eleven axe scans of whole pages: about 40 s on a loaded 2-core machine, too near the default 60 s limit.
  test.setTimeout(150_000)
  const laptop = await people.open('laptop')
  const res = await laptop.request.post(`${people.baseUrl}/api/sessions`, { data: { title: '見守りを考える会', kind: 'kondankai', tables: ['北町'] } })
  const session = (await res.json()) as { joinCode: string; urls: { facilitator: string; projector: string } }
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, people.baseUrl)

  const tablet = await people.open('tablet', `/j/${session.joinCode}`)
  expect(await seriousViolations(tablet), 'join page').toEqual([])
  await tablet.getByTestId('join.anonymous').tap()
  await tablet.getByTestId('join.table').tap()
  await tablet.getByTestId('participant.write').tap()
  expect(await seriousViolations(tablet), 'composer').toEqual([])
  await tablet.getByTestId('composer.text').fill('新聞がたまっている家に気づいても、声をかけにくい')
  await tablet.getByTestId('composer.post').tap()
  await expect(tablet.getByTestId('note')).toHaveCount(1)
  expect(await seriousViolations(tablet), 'participant board').toEqual([])

  await laptop.goto(local(session.urls.facilitator))
  await expect(laptop.getByTestId('note')).toHaveCount(1)
  expect(await seriousViolations(laptop), 'facilitator').toEqual([])

  await test.step('the plan screens: editor, matrix, gaps, export', async () => {
    await laptop.getByTestId('note').click()
    await laptop.getByTestId('sheet.makePlanNote').click()
    await expect(laptop.getByTestId('plan.editor')).toBeVisible()
    expect(await seriousViolations(laptop), 'plan editor').toEqual([])
    for (const tab of ['matrix', 'gaps', 'export'] as const) {
      await laptop.getByTestId(`tab.${tab}`).click()
      expect(await seriousViolations(laptop), tab).toEqual([])
    }
    await laptop.getByTestId('tab.plan').click()
    await laptop.getByTestId('plan.agreeToggle').click()
    await tablet.getByTestId('plan.agree').tap()
    expect(await seriousViolations(tablet), 'plan on the tablet').toEqual([])
    await tablet.getByTestId('participant.plan').tap()
    await laptop.getByTestId('tab.board').click()
  })

  const projector = await people.open('projector', new URL(local(session.urls.projector)).pathname + new URL(session.urls.projector).hash)
  await expect(projector.getByTestId('note')).toHaveCount(1)
  expect(await seriousViolations(projector), 'projector').toEqual([])

  const home = await people.open('tablet', '/')
  expect(await seriousViolations(home), 'top page').toEqual([])
})
