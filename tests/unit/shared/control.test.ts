import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  extendTimer,
  formatRemaining,
  initControl,
  isTimerOver,
  moveStep,
  pauseTimer,
  readControl,
  remainingMs,
  resumeTimer,
  shareView,
  startTimer,
  updateStep,
  setCategories,
} from '../../../shared/control.ts'
import { TEMPLATES } from '../../../shared/templates.ts'

const fresh = (template: 'workshop' | 'kondankai' | 'council' | 'blank' = 'workshop') => {
  const doc = new Y.Doc()
  initControl(doc, template)
  return doc
}

describe('steps', () => {
  it('start at the template’s first step and move on and back within bounds', () => {
    const doc = fresh()
    expect(readControl(doc).steps.map((s) => s.name)).toEqual(TEMPLATES.workshop.steps.map((s) => s.name))
    expect(readControl(doc).currentStep?.name).toBe('はじめに')
    moveStep(doc, 1, 1000)
    expect(readControl(doc).currentStep?.name).toBe('ニーズ出し')
    expect(readControl(doc).stepAt).toBe(1000)
    moveStep(doc, -5)
    expect(readControl(doc).currentStep?.name).toBe('はじめに')
    for (let i = 0; i < 20; i++) moveStep(doc, 1)
    expect(readControl(doc).currentStep?.name).toBe('計画案')
  })

  it('keep the template’s plan categories until the facilitator edits them', () => {
    const doc = fresh('workshop')
    expect(readControl(doc).categories).toEqual(['関係を豊かにする', '寄り添う体制を整える', '地域をともに創る人を育む'])
    setCategories(doc, ['個別課題解決型', ' 近隣たすけあい型 ', '', '個別課題解決型'])
    expect(readControl(doc).categories).toEqual(['個別課題解決型', '近隣たすけあい型'])
  })

  it('can be edited by the facilitator', () => {
    const doc = fresh('council')
    const first = readControl(doc).steps[0]!
    updateStep(doc, first.id, { name: '開会', canvas: 'resource' })
    expect(readControl(doc).steps[0]).toMatchObject({ id: first.id, name: '開会', canvas: 'resource' })
    expect(readControl(doc).categories).toContain('近隣たすけあい型')
  })
})

describe('timer', () => {
  it('runs on the server clock, pauses, resumes and extends with no nine-minute ceiling', () => {
    const doc = fresh()
    startTimer(doc, 45 * 60_000, 1_000_000)
    let timer = readControl(doc).timer
    expect(remainingMs(timer, 1_000_000 + 60_000)).toBe(44 * 60_000)
    expect(formatRemaining(remainingMs(timer, 1_000_000))).toBe('45:00')
    pauseTimer(doc, 1_000_000 + 5 * 60_000)
    timer = readControl(doc).timer
    expect(remainingMs(timer, 9_999_999_999)).toBe(40 * 60_000)
    resumeTimer(doc, 2_000_000)
    extendTimer(doc, 60_000, 2_000_000)
    timer = readControl(doc).timer
    expect(remainingMs(timer, 2_000_000)).toBe(41 * 60_000)
    expect(isTimerOver(timer, 2_000_000 + 41 * 60_000)).toBe(true)
    expect(formatRemaining(2 * 3600_000 + 5_000)).toBe('2:00:05')
  })

  it('converges when the control document is synced to a tablet', () => {
    const doc = fresh()
    const tablet = new Y.Doc()
    startTimer(doc, 10 * 60_000, 500)
    shareView(doc, 'resource', '北町', 600)
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(doc))
    expect(readControl(tablet).timer).toEqual(readControl(doc).timer)
    expect(readControl(tablet).view).toEqual({ canvas: 'resource', table: '北町', at: 600 })
  })
})
