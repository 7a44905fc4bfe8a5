import { useEffect, useState } from 'react'
import { takeFragmentSecret } from '../credentials.ts'
import { useConnectionStatus, useDocConnection, useDocValue } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { JoinPanel } from '../components/JoinPanel.tsx'
import { NoteList } from '../components/NoteList.tsx'
import { listNotes } from '../../shared/ops/notes.ts'
import type { Note } from '../../shared/schema.ts'
import { t } from '../i18n.ts'

const NO_NOTES: Note[] = []

/** Keeps the screen awake where the browser allows it; re-acquired when the tab becomes visible. */
function useWakeLock(): void {
  useEffect(() => {
    type Sentinel = { release(): Promise<void> }
    const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<Sentinel> } }
    let sentinel: Sentinel | null = null
    const acquire = () => {
      if (document.visibilityState === 'visible' && nav.wakeLock) {
        nav.wakeLock.request('screen').then(
          (s) => (sentinel = s),
          () => {},
        )
      }
    }
    acquire()
    document.addEventListener('visibilitychange', acquire)
    return () => {
      document.removeEventListener('visibilitychange', acquire)
      void sentinel?.release()
    }
  }, [])
}

/** The projector: read-only, large, author names hidden, with the QR and code to join. */
export function Projector({ sessionId }: { sessionId: string }) {
  const [token] = useState(() => takeFragmentSecret('projector', sessionId, 'token'))
  const { info, error } = useSessionInfo(sessionId, token, 15_000)
  const board = useDocConnection(sessionId, 'board', token)
  const status = useConnectionStatus(board)
  const notes = useDocValue(board?.doc, listNotes, NO_NOTES)
  useWakeLock()

  if (!token || error) {
    return (
      <main className="page narrow">
        <p role="alert">{token ? error?.message : t('error.unauthorized')}</p>
      </main>
    )
  }

  return (
    <main className="page projector">
      <header className="projector-header">
        <h1 className="projector-title">{info?.title}</h1>
        <span className="projector-count">{t('projector.notes', { n: notes.length })}</span>
        <ConnectionBadge status={status} />
      </header>
      <div className="projector-grid">
        <section className="projector-notes" aria-live="polite">
          <NoteList notes={notes} showAuthor={false} large />
        </section>
        <aside className="projector-side">
          <p className="projector-scan">{t('projector.scan')}</p>
          <JoinPanel sessionId={sessionId} token={token} large />
        </aside>
      </div>
    </main>
  )
}
