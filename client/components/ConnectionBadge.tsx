import type { ConnectionStatus } from '../sync/connection.ts'
import { t } from '../i18n.ts'

const KEYS = { connected: 'conn.connected', connecting: 'conn.connecting', offline: 'conn.offline' } as const

/** Always visible: a resident should know at a glance whether the board is live. */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`conn conn-${status}`} role="status" aria-label={`${t('conn.label')}: ${t(KEYS[status])}`} data-testid="conn.status" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      {t(KEYS[status])}
    </span>
  )
}
