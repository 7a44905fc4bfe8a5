import { useEffect, useState } from 'react'
import { ApiError, checkJoinCode, getSessionInfo, joinSession } from '../api.ts'
import { saveCredential, storedCredentials } from '../credentials.ts'
import { navigate, participantPath } from '../router.ts'
import { openParticipantBoard } from '../sync/hooks.ts'
import { submitOnEnter } from '../ime.ts'
import { t, tableLabel } from '../i18n.ts'
import { NICKNAME_MAX } from '../../shared/schema.ts'
import { TextSizeToggle } from '../components/TextSizeToggle.tsx'

/** How soon the code is asked about again while the server cannot be reached. */
const CHECK_AGAIN_MS = 3_000

/**
 * The session this device already joined with this code, if it still may: scanning the QR code again
 * (the tab closed, the browser restarted) comes back as the same person, with their notes — a second
 * join would be someone else, who may not send the first one's notes still waiting on the tablet.
 */
async function joinedBefore(code: string): Promise<string | null> {
  for (const { sessionId, credential } of storedCredentials('participant')) {
    try {
      const info = await getSessionInfo(sessionId, credential.token)
      if (info.joinCode === code) return sessionId
    } catch {
      // Removed, a session that ended, or no answer: not one to go back to.
    }
  }
  return null
}

/** The table a table's card (参加カード) names in its link, `/j/{code}?t={table}`. */
const cardTable = (): string | undefined => new URLSearchParams(location.search).get('t')?.trim() || undefined

/**
 * /j/{code}: what the QR code opens. A nickname is optional; 匿名で参加 is one tap. Opened from a table's
 * card, it seats the person at that table (named here once the server has said the table is the
 * session's); a table the session no longer has is left out by the server, and the table picker follows.
 */
export function Join({ code }: { code: string }) {
  const [table] = useState(cardTable)
  const [name, setName] = useState('')
  // While the device's earlier joins are looked at, nobody joins a second time by a quick tap.
  const [busy, setBusy] = useState(() => storedCredentials('participant').length > 0)
  useEffect(() => {
    if (storedCredentials('participant').length === 0) return undefined
    let cancelled = false
    void joinedBefore(code).then((sessionId) => {
      if (cancelled) return
      if (sessionId) navigate(participantPath(sessionId))
      else setBusy(false)
    })
    return () => {
      cancelled = true
    }
  }, [code])
  const [error, setError] = useState<string | null>(null)
  // What the code leads to, asked as the page opens: a code typed wrong is said before a name is typed.
  const [title, setTitle] = useState<string | null>(null)
  const [tableKnown, setTableKnown] = useState(false)
  const [wrongCode, setWrongCode] = useState<string | null>(null)
  // The server could not be asked (the link opened from the app kept on the tablet while the laptop is out
  // of reach): said at once, and asked again until it answers, rather than a form that fails when tapped.
  const [unreachable, setUnreachable] = useState(false)
  useEffect(() => {
    const asking = new AbortController()
    let retry: ReturnType<typeof setTimeout> | undefined
    const ask = () =>
      checkJoinCode(code, asking.signal).then(
        (found) => {
          setUnreachable(false)
          setTitle(found.title)
          setTableKnown(table !== undefined && found.tables.includes(table))
        },
        (e: unknown) => {
          if (!(e instanceof ApiError)) return
          setUnreachable(e.status === 0)
          // Only the server's own answer counts: without the network the person may still try to join.
          if (e.status > 0) setWrongCode(e.message)
          else retry = setTimeout(ask, CHECK_AGAIN_MS)
        },
      )
    void ask()
    return () => {
      asking.abort()
      clearTimeout(retry)
    }
  }, [code, table])

  const join = async (nickname: string) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const joined = await joinSession(code, nickname.trim() || undefined, table)
      saveCredential('participant', joined.sessionId, { token: joined.participantToken, participantId: joined.participantId, name: nickname.trim() })
      // The board starts coming now, while the participant's page renders.
      openParticipantBoard(joined.sessionId, joined.participantToken)
      navigate(participantPath(joined.sessionId))
    } catch (e) {
      setError((e as Error).message)
      setBusy(false)
    }
  }

  return (
    <main className="page narrow join">
      {/* 文字を大きく from the first screen a resident reads, kept on the tablet for the board after it. */}
      <div className="join-head">
        <h1>{t('join.heading')}</h1>
        <TextSizeToggle />
      </div>
      {/* Each line keeps its place while the server is asked, so 匿名で参加 does not move under a finger
          on its way to it when the title comes (a tap landing on the name field instead). */}
      {title ? (
        <p className="join-title" data-testid="join.title">
          {t('join.sessionTitle', { title })}
        </p>
      ) : unreachable ? (
        <p className="error" role="status" data-testid="join.unreachable">
          {t('join.unreachable')}
        </p>
      ) : (
        !wrongCode && <p className="join-title" aria-hidden="true" />
      )}
      {tableKnown ? (
        <p className="join-table" data-testid="join.cardTable">
          {t('join.cardTable', { table: tableLabel(table!) })}
        </p>
      ) : (
        table !== undefined && !wrongCode && <p className="join-table" aria-hidden="true" />
      )}
      <p className="join-code-small">
        {t('join.codeLabel')}: <strong>{code}</strong>
      </p>
      {wrongCode ? (
        <>
          <p className="error" role="alert" data-testid="join.codeError">
            {wrongCode}
          </p>
          <a className="button button-primary button-large" href="/" data-testid="join.retype">
            {t('join.retypeCode')}
          </a>
        </>
      ) : (
        <>
          <label className="field">
            <span>{t('join.name')}</span>
            <input
              className="input input-large"
              value={name}
              maxLength={NICKNAME_MAX}
              placeholder={t('join.namePlaceholder')}
              autoComplete="nickname"
              onChange={(e) => setName(e.target.value)}
              onKeyDown={submitOnEnter(() => void join(name))}
              data-testid="join.name"
            />
          </label>
          {error && (
            <p className="error" role="alert" data-testid="join.error">
              {error}
            </p>
          )}
          <div className="stack">
            <button type="button" className="button button-primary button-large" disabled={busy || !name.trim()} onClick={() => void join(name)} data-testid="join.submit">
              {busy ? t('join.joining') : t('join.submit')}
            </button>
            <button type="button" className="button button-secondary button-large" disabled={busy} onClick={() => void join('')} data-testid="join.anonymous">
              {t('join.anonymous')}
            </button>
          </div>
        </>
      )}
    </main>
  )
}
