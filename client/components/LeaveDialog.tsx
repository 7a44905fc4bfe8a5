import { t } from '../i18n.ts'

/** What a tablet has not yet sent: notes written or changed, deletes, シール placed offline. */
export interface Unsent {
  notes: number
  deletes: number
  dots: number
}

/**
 * Before a tablet leaves a session: what leaving does (the session's copy on this device is erased; the
 * notes stay on the board but can no longer be rewritten from here), and — while notes written, notes
 * deleted or dots placed here have not reached the server — that leaving now loses them. The way back is
 * the large, first button.
 */
export function LeaveDialog({ unsent, onStay, onLeave }: { unsent: Unsent; onStay: () => void; onLeave: () => void }) {
  const anything = unsent.notes + unsent.deletes + unsent.dots > 0
  return (
    <main className="page narrow">
      <section className="confirm" role="alertdialog" aria-labelledby="leave-title" aria-describedby="leave-text" data-testid="leave.dialog">
        <h1 id="leave-title" className="confirm-text">
          {t('leave.title')}
        </h1>
        <p id="leave-text">{t('leave.text')}</p>
        {unsent.notes > 0 && (
          <p className="error" role="alert" data-testid="leave.unsent">
            {t('leave.unsent', { n: unsent.notes })}
          </p>
        )}
        {unsent.deletes > 0 && (
          <p className="error" role="alert" data-testid="leave.unsentDeletes">
            {t('leave.unsentDeletes', { n: unsent.deletes })}
          </p>
        )}
        {unsent.dots > 0 && (
          <p className="error" role="alert" data-testid="leave.unsentDots">
            {t('leave.unsentDots', { n: unsent.dots })}
          </p>
        )}
        <div className="stack">
          <button type="button" className="button button-primary button-large" autoFocus onClick={onStay} data-testid="leave.stay">
            {t('leave.stay')}
          </button>
          <button type="button" className="button button-danger-outline button-large" onClick={onLeave} data-testid="leave.confirm">
            {t(unsent.notes > 0 ? 'leave.confirmUnsent' : anything ? 'leave.confirmUnsentOther' : 'leave.confirm')}
          </button>
        </div>
      </section>
    </main>
  )
}
