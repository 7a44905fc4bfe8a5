import type { ControlSnapshot } from '../../shared/control.ts'
import { t } from '../i18n.ts'

/**
 * The current step, large: its name and what to do now. `pending`: the step is not known yet — fetched
 * just after the board (`'loading'`), or the tablet is offline after a reload (`'offline'`); a banner of
 * the same size holds its place, so the board and 付箋を書く do not jump down when it comes, under a finger
 * about to tap them.
 */
export function StepBanner({ control, large = false, pending = false }: { control: ControlSnapshot; large?: boolean; pending?: false | 'loading' | 'offline' }) {
  const step = control.currentStep
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
  return (
    <section className={large ? 'step-banner step-banner-large' : 'step-banner'} aria-live="polite" data-testid="step.banner">
      <p className="step-count">{t('step.count', { n: index + 1, total: control.steps.length })}</p>
      <h2 className="step-name" data-testid="step.name">
        {step.name}
        {step.private && <span className="step-private">{t('step.private')}</span>}
      </h2>
      <p className="step-instruction" data-testid="step.instruction">
        {step.instruction}
      </p>
    </section>
  )
}
