import { useCallback, useEffect, useState } from 'react'
import { assignTable, listParticipants, revokeParticipant, type ParticipantSummary } from '../api.ts'
import type { PresenceUser } from '../sync/hooks.ts'
import { t } from '../i18n.ts'

interface Props {
  sessionId: string
  facilitatorKey: string
  tables: string[]
  present: PresenceUser[]
}

/** Who joined, at which table, who is connected now; seat someone at a table or remove them. */
export function ParticipantsPanel({ sessionId, facilitatorKey, tables, present }: Props) {
  const [people, setPeople] = useState<ParticipantSummary[]>([])
  const [confirming, setConfirming] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(
    () =>
      listParticipants(sessionId, facilitatorKey).then(
        (r) => setPeople(r.participants),
        (e: Error) => setError(e.message),
      ),
    [sessionId, facilitatorKey],
  )
  // Reload when someone arrives, leaves or changes table (presence), and every 10 s besides.
  const presenceKey = present.map((p) => `${p.id}@${p.table}`).sort().join(',')
  useEffect(() => {
    void load()
    const timer = setInterval(load, 10_000)
    return () => clearInterval(timer)
  }, [load, presenceKey])
  const here = new Set(present.map((p) => p.id))
  const byTable = (table: string) => present.filter((p) => p.table === table).length

  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title" className="panel-title">
        {t('people.heading', { n: people.length })}
      </h2>
      {tables.length > 0 && (
        <p className="people-tables" data-testid="people.byTable">
          {tables.map((name) => t('people.atTable', { table: name, n: byTable(name) })).join('　')}
        </p>
      )}
      {error && <p className="error">{error}</p>}
      <ul className="people-list">
        {people.map((p) => (
          <li key={p.id} className="people-row" data-testid="people.row">
            <span className={here.has(p.id) ? 'dot dot-on' : 'dot'} role="img" aria-label={here.has(p.id) ? t('people.online') : t('people.offline')} />
            <span className="people-name">{p.name || t('participant.anonymous')}</span>
            {tables.length > 0 && (
              <select
                className="input people-table"
                value={p.table}
                aria-label={t('join.table')}
                onChange={(e) => assignTable(sessionId, facilitatorKey, p.id, e.target.value).then(load, (err: Error) => setError(err.message))}
              >
                <option value="" disabled>
                  {t('people.noTable')}
                </option>
                {tables.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
            {confirming === p.id ? (
              <button
                type="button"
                className="button button-danger"
                onClick={() =>
                  revokeParticipant(sessionId, facilitatorKey, p.id).then(
                    () => {
                      setConfirming(null)
                      void load()
                    },
                    (err: Error) => setError(err.message),
                  )
                }
                data-testid="people.confirmRemove"
              >
                {t('people.confirmRemove')}
              </button>
            ) : (
              <button type="button" className="button button-ghost" onClick={() => setConfirming(p.id)} data-testid="people.remove">
                {t('people.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
