/**
 * The server's clock, as seen from this device: a few round trips to /api/time, keeping the one with
 * the shortest delay. Timers are computed against it, never against a tablet's own clock.
 */
import { useEffect, useState } from 'react'

let offsetMs = 0
let measured: Promise<number> | null = null

async function sample(): Promise<{ offset: number; rtt: number }> {
  const t0 = Date.now()
  const res = await fetch('/api/time', { cache: 'no-store' })
  const t1 = Date.now()
  const { now } = (await res.json()) as { now: number }
  return { offset: now - (t0 + t1) / 2, rtt: t1 - t0 }
}

/** Measures once per page (again after a failure). */
export function measureServerClock(): Promise<number> {
  if (!measured) {
    measured = (async () => {
      const samples = []
      for (let i = 0; i < 4; i++) samples.push(await sample())
      samples.sort((a, b) => a.rtt - b.rtt)
      offsetMs = samples[0]!.offset
      return offsetMs
    })().catch((error: unknown) => {
      measured = null
      throw error
    })
  }
  return measured
}

export const serverNow = (): number => Date.now() + offsetMs

/** The server's time, re-rendered every `tickMs`. */
export function useServerNow(tickMs = 250): number {
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    measureServerClock().then(
      () => setNow(serverNow()),
      () => {},
    )
    const timer = setInterval(() => setNow(serverNow()), tickMs)
    return () => clearInterval(timer)
  }, [tickMs])
  return now
}
