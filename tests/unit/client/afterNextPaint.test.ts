/** client/sync/connection.ts afterNextPaint: once, after the next frame, or a second later on a page that paints none. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { afterNextPaint } from '../../../client/sync/connection.ts'

describe('afterNextPaint', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('runs once after the next frame, not again when the second has passed', () => {
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16))
    vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id))
    const run = vi.fn()
    afterNextPaint(run)
    vi.advanceTimersByTime(15)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(2)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(2_000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('runs a second later on a page that paints no frames, and never once cancelled', () => {
    vi.stubGlobal('requestAnimationFrame', () => 1)
    vi.stubGlobal('cancelAnimationFrame', () => {})
    const run = vi.fn()
    afterNextPaint(run)
    vi.advanceTimersByTime(999)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)

    const cancelled = vi.fn()
    afterNextPaint(cancelled)()
    vi.advanceTimersByTime(2_000)
    expect(cancelled).not.toHaveBeenCalled()
  })
})
