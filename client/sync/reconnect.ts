/**
 * Gives a y-websocket provider jittered reconnects (shared/backoff.ts). No DOM here: the tablet's
 * DocConnection and the Node test clients use the same wiring.
 *
 * The stock provider waits `min(2^n × 100 ms, provider.maxBackoffTime)` after the n-th failed or
 * closed connection, reading `maxBackoffTime` at that moment. Making that property a getter that draws
 * a jittered delay (never above 2^n × 100 ms, so the draw is what the provider uses) replaces the
 * schedule without patching the library; the counter `wsUnsuccessfulReconnects` is the provider's own
 * (reset once a connection synced).
 */
import type { WebsocketProvider } from 'y-websocket'
import { DEFAULT_BACKOFF, jitteredBackoff, type BackoffOptions } from '../../shared/backoff.ts'

export interface JitterOptions extends Partial<BackoffOptions> {
  /** [0, 1) uniform; Math.random by default, a seeded PRNG in tests. */
  random?: () => number
  /** Told each delay chosen (tests record them; nothing else needs it). */
  onDelay?: (delayMs: number, attempt: number) => void
}

export function jitterReconnects(provider: WebsocketProvider, options: JitterOptions = {}): void {
  const { random = Math.random, onDelay, ...rest } = options
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...rest }
  Object.defineProperty(provider, 'maxBackoffTime', {
    configurable: true,
    get: () => {
      const attempt = provider.wsUnsuccessfulReconnects
      const delay = jitteredBackoff(attempt, random, backoff)
      onDelay?.(delay, attempt)
      return delay
    },
    // The constructor's own value is replaced by the options above.
    set: () => {},
  })
}
