import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Handover } from '../../../client/sync/handover.ts'

class Thing {
  destroyed = 0
  destroy(): void {
    this.destroyed++
  }
}

describe('Handover: a connection opened before its page mounts', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('gives the page what was opened for it, and never closes it afterwards', () => {
    const handover = new Handover<Thing>(1_000)
    const made: Thing[] = []
    handover.offer('s/board', () => made[made.push(new Thing()) - 1]!)
    const taken = handover.take('s/board')
    expect(taken).toBe(made[0])
    vi.advanceTimersByTime(5_000)
    expect(taken!.destroyed).toBe(0)
    // Taken once: a second page (or a remount) opens its own.
    expect(handover.take('s/board')).toBeUndefined()
  })

  it('closes what no page took, once, after keepMs', () => {
    const handover = new Handover<Thing>(1_000)
    const thing = new Thing()
    handover.offer('s/board', () => thing)
    vi.advanceTimersByTime(999)
    expect(thing.destroyed).toBe(0)
    vi.advanceTimersByTime(1)
    expect(thing.destroyed).toBe(1)
    expect(handover.take('s/board')).toBeUndefined()
    vi.advanceTimersByTime(5_000)
    expect(thing.destroyed).toBe(1)
  })

  it('opens one per key however often it is offered, and keeps keys apart', () => {
    const handover = new Handover<Thing>(1_000)
    let made = 0
    const make = () => (made++, new Thing())
    handover.offer('s/board', make)
    handover.offer('s/board', make)
    handover.offer('t/board', make)
    expect(made).toBe(2)
    expect(handover.take('s/board')).not.toBe(handover.take('t/board'))
  })
})
