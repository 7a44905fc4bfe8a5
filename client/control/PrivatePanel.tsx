import { useEffect, useState } from 'react'
import type { Note } from '../../shared/schema.ts'
import { listNotes } from '../../shared/ops/notes.ts'
import { listParticipants, revealPrivate, type ParticipantSummary } from '../api.ts'
import { useDocConnection, useDocValue } from '../sync/hooks.ts'
import { t } from '../i18n.ts'

const NO_NOTES: Note[] = []

/** 個人ワーク: what each participant has written so far (only the facilitator sees it), and 公開. */
export function PrivatePanel({ sessionId, facilitatorKey }: { sessionId: string; facilitatorKey: string }) {
  const [people, setPeople] = useState<ParticipantSummary[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  useEffect(() => {
    const load = () => listParticipants(sessionId, facilitatorKey).then((r) => setPeople(r.participants), () => {})
    void load()
    const timer = setInterval(load, 10_000)
    return () => clearInterval(timer)
  }, [sessionId, facilitatorKey])
  return (
    <section className="panel" aria-labelledby="private-title" data-testid="private.panel">
      <h2 id="private-title" className="panel-title">
        {t('private.heading')}
      </h2>
      <ul className="private-list">
        {people.map((p) => (
          <PrivateRow key={p.id} sessionId={sessionId} facilitatorKey={facilitatorKey} person={p} />
        ))}
      </ul>
      <button
        type="button"
        className="button button-primary"
        onClick={() => revealPrivate(sessionId, facilitatorKey).then((r) => setNotice(t('private.revealed', { n: r.moved })), (e: Error) => setNotice(e.message))}
        data-testid="private.reveal"
      >
        {t('private.reveal')}
      </button>
      {notice && <p role="status">{notice}</p>}
    </section>
  )
}

function PrivateRow({ sessionId, facilitatorKey, person }: { sessionId: string; facilitatorKey: string; person: ParticipantSummary }) {
  const connection = useDocConnection(sessionId, 'private', facilitatorKey, person.id)
  const notes = useDocValue(connection?.doc, listNotes, NO_NOTES)
  if (notes.length === 0) return null
  return (
    <li>
      <details>
        <summary data-testid="private.count">{t('private.count', { name: person.name || t('participant.anonymous'), n: notes.length })}</summary>
        <ul>
          {notes.map((n) => (
            <li key={n.id}>{n.text}</li>
          ))}
        </ul>
      </details>
    </li>
  )
}
