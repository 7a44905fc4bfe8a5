/**
 * How long a tablet waits before reconnecting: exponential back-off with full jitter and a cap.
 *
 * Why jitter: when the hall's Wi-Fi comes back, every tablet in the room notices at the same moment.
 * The stock y-websocket back-off is deterministic (200 ms, 400 ms, … doubling up to the cap), so 25
 * tablets that dropped together would all knock at once, again and again. A uniform draw below the
 * exponential ceiling ("full jitter") spreads them over the whole window instead.
 */

export interface BackoffOptions {
  /** The ceiling of the first attempt's window is `baseMs * 2` (ms). */
  baseMs: number
  /** No window grows past this (ms). */
  capMs: number
  /** Never retry sooner than this, so that a server refusing at once is not hammered (ms). */
  floorMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, capMs: 10_000, floorMs: 100 }

/** The exponential ceiling of the window for the `attempt`-th consecutive failure (1, 2, …). */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 0), 30)
  return Math.min(options.capMs, options.baseMs * 2 ** exponent)
}

/**
 * The wait before the next try after `attempt` consecutive failures: uniform in
 * [floor, ceiling(attempt)], where `random` returns a number in [0, 1) (Math.random, or a seeded PRNG
 * in tests).
 */
export function jitteredBackoff(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = backoffCeiling(attempt, options)
  if (ceiling <= options.floorMs) return ceiling
  return Math.round(options.floorMs + random() * (ceiling - options.floorMs))
}
