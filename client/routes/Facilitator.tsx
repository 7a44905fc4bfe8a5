import { useState } from 'react'
import { takeFragmentSecret } from '../credentials.ts'
import { newProjectorLink } from '../api.ts'
import { useConnectionStatus, useDocConnection, useDocValue, usePresence } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { JoinPanel } from '../components/JoinPanel.tsx'
import { NoteList } from '../components/NoteList.tsx'
import { listNotes } from '../../shared/ops/notes.ts'
import type { Note } from '../../shared/schema.ts'
import { t } from '../i18n.ts'

const NO_NOTES: Note[] = []

/** The facilitator's laptop: the QR and code to show, links for the projector, the live notes. */
export function Facilitator({ sessionId }: { sessionId: string }) {
  const [key] = useState(() => takeFragmentSecret('facilitator', sessionId, 'key'))
  const { info, error } = useSessionInfo(sessionId, key, 15_000)
  const board = useDocConnection(sessionId, 'board', key)
  const status = useConnectionStatus(board)
  const notes = useDocValue(board?.doc, listNotes, NO_NOTES)
  const present = usePresence(board).filter((u) => u.role === 'participant')
  const [notice, setNotice] = useState<string | null>(null)

  if (!key || error) {
    return (
      <main className="page narrow">
        <p role="alert">{key ? error?.message : t('facilitator.noKey')}</p>
      </main>
    )
  }

  const openProjector = async () => {
    try {
      // Same origin as this page: the projector is usually the laptop's second screen.
      const { token } = await newProjectorLink(sessionId, key)
      window.open(`${location.origin}/s/${sessionId}/projector#token=${token}`, '_blank', 'noopener')
    } catch (e) {
      setNotice((e as Error).message)
    }
  }

  const copyAdminLink = async () => {
    const url = `${location.origin}/s/${sessionId}/facilitator#key=${key}`
    try {
      await navigator.clipboard.writeText(url)
      setNotice(t('facilitator.copied'))
    } catch {
      window.prompt(t('facilitator.adminLink'), url)
    }
  }

  return (
    <main className="page facilitator">
      <header className="topbar">
        <div>
          <h1 className="topbar-title" data-testid="facilitator.title">
            {info?.title}
          </h1>
          <p className="topbar-sub">
            {[info?.date, info?.venue, info ? t(`home.create.kind.${info.kind}`) : ''].filter(Boolean).join('　')}
          </p>
        </div>
        <ConnectionBadge status={status} />
      </header>
      <div className="facilitator-grid">
        <aside className="facilitator-side">
          <JoinPanel sessionId={sessionId} token={key} />
          <p className="presence" data-testid="facilitator.presence">
            {t('facilitator.participants', { n: present.length })}
          </p>
          <div className="stack">
            <button type="button" className="button button-primary" onClick={() => void openProjector()} data-testid="facilitator.projector">
              {t('facilitator.projectorLink')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => void copyAdminLink()}>
              {t('facilitator.adminLink')} — {t('facilitator.copy')}
            </button>
          </div>
          {notice && <p role="status">{notice}</p>}
        </aside>
        <section className="facilitator-main">
          <h2 className="section-title">{t('facilitator.notes', { n: notes.length })}</h2>
          <NoteList notes={notes} />
        </section>
      </div>
    </main>
  )
}
