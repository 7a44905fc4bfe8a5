/**
 * Something opened before the page that uses it has mounted — the board's connection, opened as soon as
 * the join is answered rather than after the participant's page has rendered (bench B5) — and taken by
 * that page. Closed after `keepMs` if nothing takes it (the page went elsewhere).
 */
export class Handover<T extends { destroy(): void }> {
  private readonly waiting = new Map<string, { value: T; timer: ReturnType<typeof setTimeout> }>()

  constructor(private readonly keepMs: number) {}

  /** Makes the value for `key` now, unless one is already waiting. */
  offer(key: string, make: () => T): void {
    if (this.waiting.has(key)) return
    const value = make()
    const timer = setTimeout(() => {
      this.waiting.delete(key)
      value.destroy()
    }, this.keepMs)
    this.waiting.set(key, { value, timer })
  }

  /** The value waiting for `key`, left waiting; undefined when none. */
  peek(key: string): T | undefined {
    return this.waiting.get(key)?.value
  }

  /** The value waiting for `key`, now the caller's to keep and destroy; undefined when none. */
  take(key: string): T | undefined {
    const entry = this.waiting.get(key)
    if (!entry) return undefined
    clearTimeout(entry.timer)
    this.waiting.delete(key)
    return entry.value
  }
}
