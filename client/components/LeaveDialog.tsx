import { t } from '../i18n.ts'

/**
 * Before a tablet leaves a session: what leaving does (the session's copy on this device is erased; the
 * notes stay on the board but can no longer be rewritten from here), and — while notes written here have
 * not reached the server — that leaving now loses them. The way back is the large, first button.
 */
export function LeaveDialog({ unsent, onStay, onLeave }: { unsent: number; onStay: () => void; onLeave: () => void }) {
  return (
    <main className="page narrow">
      <section className="confirm" role="alertdialog" aria-labelledby="leave-title" aria-describedby="leave-text" data-testid="leave.dialog">
        <h1 id="leave-title" className="confirm-text">
          {t('leave.title')}
        </h1>
        <p id="leave-text">{t('leave.text')}</p>
        {unsent > 0 && (
          <p className="error" role="alert" data-testid="leave.unsent">
            {t('leave.unsent', { n: unsent })}
          </p>
        )}
        <div className="stack">
          <button type="button" className="button button-primary button-large" autoFocus onClick={onStay} data-testid="leave.stay">
            {t('leave.stay')}
          </button>
          <button type="button" className="button button-danger-outline button-large" onClick={onLeave} data-testid="leave.confirm">
            {t(unsent > 0 ? 'leave.confirmUnsent' : 'leave.confirm')}
          </button>
        </div>
      </section>
    </main>
  )
}
