import type { ControlSnapshot } from '../../shared/control.ts'
import { t } from '../i18n.ts'

/** The current step, large: its name and what to do now. */
export function StepBanner({ control, large = false }: { control: ControlSnapshot; large?: boolean }) {
  const step = control.currentStep
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
