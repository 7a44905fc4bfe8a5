import { t } from '../i18n.ts'

/**
 * Beside the connection badge: what this tablet holds that the server has not confirmed and that no
 * note on the board can carry a 未送信 mark for (a deleted note is gone from view; a dot waits on the device).
 */
export function PendingNotice({ deletes, dots }: { deletes: number; dots: number }) {
  if (deletes === 0 && dots === 0) return null
  return (
    <span className="pending-notice" role="status" aria-label={t('pending.label')} data-testid="pending">
      {deletes > 0 && <span data-testid="pending.deletes">{t('pending.deletes', { n: deletes })}</span>}
      {dots > 0 && <span data-testid="pending.dots">{t('pending.dots', { n: dots })}</span>}
    </span>
  )
}
