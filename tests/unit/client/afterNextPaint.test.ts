/** client/sync/afterNextPaint.ts: once, after the next frame, or a second later on a page that paints none. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { afterNextPaint } from '../../../client/sync/afterNextPaint.ts'

/** A page whose frames come `frameMs` apart, or never (a hidden page). */
function frames(frameMs: number | null): void {
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => (frameMs === null ? 1 : setTimeout(() => cb(performance.now()), frameMs)))
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id))
}

describe('afterNextPaint', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('runs once after the next frame, not again when the second has passed', () => {
    frames(16)
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
    frames(null)
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
