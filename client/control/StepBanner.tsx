import { useId, useLayoutEffect, useRef, useState } from 'react'
import type { ControlSnapshot } from '../../shared/control.ts'
import { t } from '../i18n.ts'

/**
 * The current step, large: its name and what to do now. `pending`: the step is not known yet — fetched
 * just after the board (`'loading'`), or the tablet is offline after a reload (`'offline'`); a banner of
 * the same size holds its place, so the board and 付箋を書く do not jump down when it comes, under a finger
 * about to tap them. For the same reason a longer instruction (up to 300 characters) shows its first two
 * lines, with 続きを読む to open the rest: the banner grows only when the person asks. The projector
 * (`large`) shows it whole.
 */
export function StepBanner({ control, large = false, pending = false }: { control: ControlSnapshot; large?: boolean; pending?: false | 'loading' | 'offline' }) {
  const step = control.currentStep
  const instruction = step?.instruction ?? ''
  const [open, setOpen] = useState(false)
  const [cut, setCut] = useState(false)
  const text = useRef<HTMLParagraphElement>(null)
  const textId = useId()

  // A new step (or its instruction edited) starts closed.
  const [shown, setShown] = useState({ id: step?.id, instruction })
  if (shown.id !== step?.id || shown.instruction !== instruction) {
    setShown({ id: step?.id, instruction })
    setOpen(false)
  }

  useLayoutEffect(() => {
    const el = text.current
    if (large || open || !el) return
    // Whether two lines hold it depends on the banner's width: measured again when that changes.
    const measure = (): void => setCut(el.scrollHeight > el.clientHeight + 1)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [large, open, instruction])

  if (!step && pending) {
    return (
      <section className={large ? 'step-banner step-banner-large step-banner-pending' : 'step-banner step-banner-pending'} data-testid="step.pending">
        <p className="step-count">&nbsp;</p>
        <p className="step-name">{t(pending === 'loading' ? 'step.loading' : 'step.pending')}</p>
        <p className="step-instruction">&nbsp;</p>
      </section>
    )
  }
  if (!step) return null
  const index = control.steps.findIndex((s) => s.id === step.id)
  const toggle = !large && (open || cut)
  return (
    <section className={['step-banner', large && 'step-banner-large', toggle && 'step-banner-toggle'].filter(Boolean).join(' ')} aria-live="polite" data-testid="step.banner">
      <p className="step-count">{t('step.count', { n: index + 1, total: control.steps.length })}</p>
      <h2 className="step-name" data-testid="step.name">
        {step.name}
        {step.private && <span className="step-private">{t('step.private')}</span>}
      </h2>
      <p ref={text} id={textId} className={large || open ? 'step-instruction' : 'step-instruction step-instruction-clamped'} data-testid="step.instruction">
        {step.instruction}
      </p>
      {toggle && (
        <button type="button" className="button button-secondary step-more" aria-expanded={open} aria-controls={textId} onClick={() => setOpen(!open)} data-testid="step.more">
          {t(open ? 'step.less' : 'step.more')}
        </button>
      )}
    </section>
  )
}
