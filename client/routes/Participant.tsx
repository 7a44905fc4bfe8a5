import { useEffect, useState } from 'react'
import { forgetCredential, loadCredential } from '../credentials.ts'
import { useConnectionStatus, useDocConnection, useDocValue } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { NoteList } from '../components/NoteList.tsx'
import { NoteComposer } from '../components/NoteComposer.tsx'
import { addNote, listNotes, NoteError } from '../../shared/ops/notes.ts'
import { NOTE_TEXT_MAX, type Note } from '../../shared/schema.ts'
import type { ParticipantId } from '../../shared/ids.ts'
import { navigate } from '../router.ts'
import { t } from '../i18n.ts'

const NO_NOTES: Note[] = []

/** The tablet: everyone's notes, and one big button to write one. */
export function Participant({ sessionId }: { sessionId: string }) {
  const credential = loadCredential('participant', sessionId)
  const token = credential?.token
  const { info, error } = useSessionInfo(sessionId, token)
  const board = useDocConnection(sessionId, 'board', token)
  const status = useConnectionStatus(board)
  const notes = useDocValue(board?.doc, listNotes, NO_NOTES)
  const [writing, setWriting] = useState(false)

  useEffect(() => {
    // Presence, so the facilitator can count who is here; the server stamps who we are.
    board?.provider.awareness.setLocalState({ here: true })
  }, [board])

  if (!token || error?.status === 401 || error?.status === 404) {
    return (
      <main className="page narrow">
        <p role="alert">{token ? error?.message : t('participant.noToken')}</p>
        <a className="button button-primary button-large" href="/">
          {t('home.join.heading')}
        </a>
      </main>
    )
  }

  const me = info?.participant
  const post = (text: string): string | null => {
    if (!board || !me) return t('error.unknown')
    try {
      addNote(board.doc, {
        text,
        canvas: 'need',
        color: 'yellow',
        authorId: me.id as ParticipantId,
        authorName: me.name,
        table: me.table,
      })
      setWriting(false)
      return null
    } catch (e) {
      if (e instanceof NoteError && e.reason === 'too-long') return t('error.noteTooLong', { max: NOTE_TEXT_MAX })
      if (e instanceof NoteError && e.reason === 'empty') return t('error.noteEmpty')
      return t('error.unknown')
    }
  }

  const leave = () => {
    forgetCredential('participant', sessionId)
    navigate('/')
  }

  return (
    <main className="page participant">
      <header className="topbar">
        <div>
          <h1 className="topbar-title">{info?.title ?? t('app.name')}</h1>
          {me && <p className="topbar-sub">{t('participant.you', { name: me.name || t('participant.anonymous') })}</p>}
        </div>
        <ConnectionBadge status={status} />
      </header>
      {writing ? (
        <NoteComposer onPost={post} onCancel={() => setWriting(false)} />
      ) : (
        <>
          <button type="button" className="button button-primary button-huge" onClick={() => setWriting(true)} disabled={!me} data-testid="participant.write">
            {t('participant.write')}
          </button>
          <h2 className="section-title">{t('participant.heading')}</h2>
          <NoteList notes={notes} />
          <footer className="page-footer">
            <button type="button" className="button button-ghost" onClick={leave} data-testid="participant.leave">
              {t('participant.leave')}
            </button>
          </footer>
        </>
      )}
    </main>
  )
}
