import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { DEFAULT_BACKOFF, backoffCeiling, jitteredBackoff } from '../../../shared/backoff.ts'
import { jitterReconnects } from '../../../client/sync/reconnect.ts'
import { prng } from '../../helpers/randomOps.ts'

const seed = Number(process.env.BACKOFF_SEED ?? 6)

describe('jitteredBackoff', () => {
  it('doubles its ceiling with each failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffCeiling(n))).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000])
    expect(backoffCeiling(1000)).toBe(DEFAULT_BACKOFF.capMs)
  })

  it(`spreads 1,000 tablets that failed together evenly over the whole window (seed ${seed})`, () => {
    console.log(`backoff distribution seed ${seed} (rerun with BACKOFF_SEED=${seed})`)
    const rng = prng(seed)
    for (const attempt of [1, 4, 9]) {
      const { floorMs } = DEFAULT_BACKOFF
      const ceiling = backoffCeiling(attempt)
      const draws = Array.from({ length: 1000 }, () => jitteredBackoff(attempt, rng.next))
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(floorMs)
      expect(Math.max(...draws)).toBeLessThanOrEqual(ceiling)
      // Ten equal slices of the window each get 100 ± 45 draws (a fair uniform draw misses that with
      // odds below one in a million per slice): no crowd at the start, the end or anywhere else.
      const slices = new Array<number>(10).fill(0)
      for (const d of draws) slices[Math.min(9, Math.floor(((d - floorMs) / (ceiling - floorMs)) * 10))]!++
      for (const count of slices) expect(count, `attempt ${attempt}: ${slices.join(' ')}`).toBeGreaterThanOrEqual(55)
      for (const count of slices) expect(count, `attempt ${attempt}: ${slices.join(' ')}`).toBeLessThanOrEqual(145)
    }
  })

  it('never waits less than the floor, even when the window is empty', () => {
    expect(jitteredBackoff(0, () => 0.99)).toBe(100)
    expect(jitteredBackoff(3, () => 0)).toBe(DEFAULT_BACKOFF.floorMs)
    expect(jitteredBackoff(3, () => 0.999999)).toBe(800)
  })
})

describe('jitterReconnects', () => {
  it('makes the stock provider wait the jittered delay, never longer than its own schedule', () => {
    const provider = new WebsocketProvider('ws://127.0.0.1:9/ws', 'room', new Y.Doc(), {
      connect: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    const rng = prng(seed)
    const seen: number[] = []
    jitterReconnects(provider, { random: rng.next, onDelay: (d) => seen.push(d) })
    for (let attempt = 1; attempt <= 12; attempt++) {
      provider.wsUnsuccessfulReconnects = attempt
      // The provider waits min(2^n × 100 ms, maxBackoffTime): the draw must be the smaller one.
      const delay = provider.maxBackoffTime
      expect(delay).toBeLessThanOrEqual(Math.min(2 ** attempt * 100, DEFAULT_BACKOFF.capMs))
      expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.floorMs)
    }
    expect(seen).toHaveLength(12)
    expect(new Set(seen.slice(4)).size).toBeGreaterThan(1)
    provider.destroy()
  })
})
