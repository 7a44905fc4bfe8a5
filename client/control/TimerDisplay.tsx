import { useEffect, useRef } from 'react'
import { formatRemaining, isTimerOver, remainingMs, type TimerState } from '../../shared/control.ts'
import { measureServerClock, useServerNow } from '../sync/serverClock.ts'
import { t } from '../i18n.ts'

/** A short chime through Web Audio (no sound file to serve). */
function chime(): void {
  try {
    const ctx = new AudioContext()
    for (const [i, freq] of [880, 660, 880].entries()) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.35)
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3)
      osc.connect(gain).connect(ctx.destination)
      osc.start(ctx.currentTime + i * 0.35)
      osc.stop(ctx.currentTime + i * 0.35 + 0.32)
    }
  } catch {
    // no audio on this device
  }
}

interface TimerProps {
  timer: TimerState
  large?: boolean
  sound?: boolean
}

/**
 * Remaining time on the server's clock; the same on every device, across reloads. No timer, no clock: the
 * server's clock is measured a few seconds after the page opens (not during a tablet's join) and the
 * display ticks only while a timer is set.
 */
export function TimerDisplay(props: TimerProps) {
  const idle = props.timer.status === 'idle'
  useEffect(() => {
    if (!idle) return undefined
    const later = setTimeout(() => void measureServerClock().catch(() => {}), CLOCK_AFTER_MS)
    return () => clearTimeout(later)
  }, [idle])
  return idle ? null : <Countdown {...props} />
}

/** When the server's clock is measured on a page with no timer (after the board is drawn, on a slow tablet). */
const CLOCK_AFTER_MS = 3_000

function Countdown({ timer, large = false, sound = false }: TimerProps) {
  const now = useServerNow()
  const over = isTimerOver(timer, now)
  const chimedFor = useRef<number | null>(null)
  useEffect(() => {
    if (over && sound && chimedFor.current !== timer.endsAt) {
      chimedFor.current = timer.endsAt
      chime()
    }
  }, [over, sound, timer.endsAt])
  const left = remainingMs(timer, now)
  const label = over ? t('timer.over') : timer.status === 'paused' ? t('timer.paused') : t('timer.remaining')
  return (
    <div className={`timer${large ? ' timer-large' : ''}${over ? ' timer-over' : ''}${timer.status === 'paused' ? ' timer-paused' : ''}`} role="timer" aria-live={over ? 'assertive' : 'off'} data-testid="timer" data-remaining-ms={left}>
      <span className="timer-label">{label}</span>
      <span className="timer-value" data-testid="timer.value">
        {over ? t('timer.overShort') : formatRemaining(left)}
      </span>
    </div>
  )
}
