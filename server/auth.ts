/**
 * Secrets and throttling. Secrets are 256 random bits from crypto.randomBytes, stored only as
 * SHA-256 hashes and compared in constant time.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

export const newSecret = (): string => randomBytes(32).toString('base64url')
export const newSessionId = (): string => randomBytes(12).toString('base64url')
export const newParticipantId = (): string => `p_${randomBytes(9).toString('base64url')}`

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest()

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret)
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash)
}

/** A 6-digit code (leading zeros allowed): easy to type on a tablet. */
export const newJoinCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0')

/** Reads `Authorization: Bearer …`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  return match?.[1]
}

/**
 * A sliding one-minute window of failures per key (an IP). Only failures count, so thirty tablets
 * behind one hall router that join with the right code are never held up by it.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the key may still try. */
  allows(key: string): boolean {
    return this.recent(key).length < this.limit
  }

  record(key: string): void {
    const list = this.recent(key)
    list.push(this.now())
    this.failures.set(key, list)
  }

  /** Seconds until the oldest failure in the window expires. */
  retryAfterSeconds(key: string): number {
    const oldest = this.recent(key)[0]
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000))
  }

  /** Drops keys whose failures are all outside the window (called from a timer). */
  sweep(): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key).length === 0) this.failures.delete(key)
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }
}
