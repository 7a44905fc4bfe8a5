import { test, expect, typeWithIme } from './fixtures/people.ts'
import { createSessionInUi, noteTexts } from './fixtures/pages.ts'

test('a facilitator starts a session, two tablets join, a Japanese note reaches everyone', async ({ people }) => {
  const facilitator = await people.open('laptop')
  const { code } = await test.step('the facilitator creates the session in the UI', async () => {
    const created = await createSessionInUi(facilitator, 'さくら台地区 住民懇談会', '北町、南町')
    await expect(facilitator.getByTestId('facilitator.title')).toHaveText('さくら台地区 住民懇談会')
    await expect(facilitator.getByTestId('join.qr')).toBeVisible()
    // The secret left the address bar (a mirrored laptop screen shows it to the hall).
    expect(facilitator.url()).not.toContain('#key=')
    return created
  })

  const typed = await test.step('one resident types the code on the top page', async () => {
    const tablet = await people.open('tablet')
    await tablet.getByTestId('home.join.code').fill(`${code.slice(0, 3)} ${code.slice(3)}`)
    await tablet.getByTestId('home.join.submit').tap()
    await tablet.getByTestId('join.name').fill('さくら')
    await tablet.getByTestId('join.submit').tap()
    await tablet.getByTestId('join.table').filter({ hasText: '北町' }).tap()
    await expect(tablet.getByTestId('participant.write')).toBeEnabled()
    await expect(tablet.getByTestId('conn.status')).toHaveAttribute('data-status', 'connected')
    return tablet
  })

  const scanned = await test.step('another opens the QR link /j/{code} and joins anonymously', async () => {
    const tablet = await people.open('tablet', `/j/${code}`)
    await tablet.getByTestId('join.anonymous').tap()
    await tablet.getByTestId('join.table').filter({ hasText: '北町' }).tap()
    await expect(tablet.getByTestId('participant.write')).toBeEnabled()
    return tablet
  })

  const projector = await test.step('the facilitator opens the projector page', async () => {
    const [page] = await Promise.all([facilitator.context().waitForEvent('page'), facilitator.getByTestId('facilitator.projector').click()])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await expect(page.getByTestId('join.code')).toHaveAttribute('aria-label', code)
    return page
  })

  await test.step('a note typed through the IME on one tablet appears once everywhere', async () => {
    await typed.getByTestId('participant.write').tap()
    await typed.getByTestId('composer.text').focus()
    await typeWithIme(typed, [
      { composing: ['ば', 'ばs', 'ばす'], commit: 'バス' },
      { composing: ['が'], commit: 'が' },
      { composing: ['すくない'], commit: '少ない' },
    ])
    // The Enter that confirms a conversion: never a submit, never a duplicate.
    await typed.keyboard.press('Enter')
    await expect(typed.getByTestId('composer.text')).toHaveValue(/^バスが少ない\n?$/)
    await typed.getByTestId('composer.post').tap()
    for (const page of [typed, scanned, facilitator, projector]) {
      await expect(noteTexts(page)).toHaveText(['バスが少ない'])
    }
  })

  await test.step('the projector hides author names; the tablet shows them', async () => {
    await expect(typed.getByTestId('note').locator('.note-author')).toHaveText('さくら')
    await expect(projector.getByTestId('note').locator('.note-author')).toHaveCount(0)
  })

  await test.step('the facilitator counts the tablets that are here', async () => {
    await expect(facilitator.getByTestId('facilitator.presence')).toHaveText('つながっている人 2人')
  })
})

test('a wrong code gets a clear Japanese message, as the page opens', async ({ people }) => {
  const tablet = await people.open('tablet', '/j/000000')
  await expect(tablet.getByTestId('join.codeError')).toHaveText(/参加コードが見つかりません/)
  await expect(tablet.getByTestId('join.anonymous')).toHaveCount(0)
})
