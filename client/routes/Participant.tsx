import { useEffect, useMemo, useState } from 'react'
import { forgetCredential, loadCredential } from '../credentials.ts'
import { useAfterPaint, useConnections, useConnectionStatus, useFailedOpens, useDocConnection, useHasLoaded, useLoaded, useParticipantBoard, useRefusal, useRefused, useUnsent, useUnsentDeletes } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { PendingNotice } from '../components/PendingNotice.tsx'
import { BoardWorkspace } from '../board/BoardWorkspace.tsx'
import { chooseTable } from '../api.ts'
import { navigate } from '../router.ts'
import { t } from '../i18n.ts'
import { CANVASES, type Canvas, type Note } from '../../shared/schema.ts'
import { clearKept, keepNotes, readKept } from '../sync/keptNotes.ts'
import { KeptNotes } from '../components/KeptNotes.tsx'
import { followRequest, useControl } from '../control/useControl.ts'
import { StepBanner } from '../control/StepBanner.tsx'
import { LeaveDialog } from '../components/LeaveDialog.tsx'
import { TextSizeToggle } from '../components/TextSizeToggle.tsx'
import { useDots } from '../control/useDots.ts'
import { clearQueues } from '../control/dotQueue.ts'
import { keepPrivateStep, keptPrivateStep } from '../control/privateStep.ts'
import { visibleTotals } from '../control/useControl.ts'
import { TimerDisplay } from '../control/TimerDisplay.tsx'
import { usePlan } from '../plan/usePlan.ts'
import { useAgree } from '../plan/useAgree.ts'
import { PlanReadOnly } from '../plan/PlanReadOnly.tsx'

const ALL_LOCKED: ReadonlySet<Canvas> = new Set(CANVASES)

/** The server's reason for refusing a change, in words a resident understands. */
function refusalMessage(reason: string): 'refusal.locked' | 'refusal.full' | 'refusal.other' {
  if (reason.endsWith('-locked')) return 'refusal.locked'
  if (reason === 'note-limit' || reason === 'document-full') return 'refusal.full'
  return 'refusal.other'
}

/**
 * The tablet: the table's three canvases, one big button to write a note. Drawn afresh (its documents
 * opened again) when the tablet starts over from the server's board (see ParticipantPage).
 */
export function Participant({ sessionId }: { sessionId: string }) {
  const [round, setRound] = useState(0)
  return <ParticipantPage key={round} sessionId={sessionId} onStartOver={() => setRound((n) => n + 1)} />
}

function ParticipantPage({ sessionId, onStartOver }: { sessionId: string; onStartOver: () => void }) {
  const credential = loadCredential('participant', sessionId)
  const token = credential?.token
  const [refresh, setRefresh] = useState(0)
  const { info, error } = useSessionInfo(sessionId, token, 0, refresh, true)
  // The tablet keeps a copy (IndexedDB): without Wi-Fi it still shows the board and takes notes.
  const board = useParticipantBoard(sessionId, token)
  // The board first: drawn once it is here, and the step and the private document (small) come after its
  // first frame.
  const boardLoaded = useLoaded(board, 1_500)
  const boardShown = useAfterPaint(boardLoaded)
  const controlConnection = useDocConnection(sessionId, 'control', boardShown ? token : undefined)
  const privateConnection = useDocConnection(sessionId, 'private', boardShown ? token : undefined, undefined, true)
  const unsent = useUnsent(board)
  const unsentPrivate = useUnsent(privateConnection)
  const unsentDeletes = useUnsentDeletes(board) + useUnsentDeletes(privateConnection)
  const [leaving, setLeaving] = useState(false)
  const refusal = useRefusal(board)
  const control = useControl(controlConnection)
  const controlLoaded = useHasLoaded(controlConnection)
  const status = useConnectionStatus(board)
  // Back on the board after a break (the facilitator seating this person elsewhere closes the socket, or the
  // Wi-Fi dropped while they did): the table is read again, so the tablet writes at the table it is at.
  const connections = useConnections(board)
  useEffect(() => {
    if (connections > 1) setRefresh((n) => n + 1)
  }, [connections])
  // A socket refused before it opened: the Wi-Fi, or the person removed meanwhile (the record then says 401).
  const failedOpens = useFailedOpens(board)
  useEffect(() => {
    if (failedOpens > 0) setRefresh((n) => n + 1)
  }, [failedOpens])
  // Until the control document comes, the vote is not known here: the tablet goes by what it kept of it.
  const dots = useDots(sessionId, token, controlLoaded ? control.vote : undefined, status === 'connected')
  const [tableError, setTableError] = useState<string | null>(null)
  // The table just chosen: the board is drawn with it at once, while the session record reloads.
  const [chosenTable, setChosenTable] = useState<string | null>(null)
  const plan = usePlan(controlConnection?.doc)
  const agree = useAgree(sessionId, token, plan.open)
  const [showPlan, setShowPlan] = useState(false)
  // When the facilitator opens the plan for 賛成, the tablet shows it.
  useEffect(() => {
    if (plan.open) setShowPlan(true)
  }, [plan.open])

  // 個人ワーク as the step says, or, until the step is heard, as this tablet last knew it.
  const stepPrivate = control.currentStep?.private === true
  useEffect(() => {
    if (controlLoaded) keepPrivateStep(sessionId, stepPrivate)
  }, [sessionId, controlLoaded, stepPrivate])
  const kept = useMemo(() => keptPrivateStep(sessionId), [sessionId])
  const privateMode = controlLoaded ? stepPrivate : kept

  // A lock lifted: changes the server refused during it are sent at once, not after the back-off.
  const lockKey = `${control.locks.board}:${control.locks.canvases.join(',')}`
  useEffect(() => {
    board?.retryNow()
  }, [board, lockKey])

  // Whose notes this tablet keeps in the trash when a delete or a concurrent edit overtakes an edit made offline.
  const myId = info?.participant?.id
  useEffect(() => {
    if (board && myId) board.setAuthor(myId)
  }, [board, myId])

  useEffect(() => {
    // Presence, so the facilitator can count who is here; the server stamps who we are.
    board?.provider.awareness.setLocalState({ here: true })
  }, [board])

  // Seated at another table while this tablet held changes made for the old one (a note written offline):
  // the server refuses them for good (a participant writes at their own table, server/policy.ts), and a
  // Yjs change cannot be taken back. So the person's own unsent notes are kept aside on the device, its
  // copy of the board is given up, and the page starts again from the server's board, at the new table,
  // offering the kept notes to post there (KeptNotes). Whatever else was unsent (a move at the old table)
  // is let go.
  useEffect(() => {
    if (!board || refusal !== 'other-table' || !myId) return
    if (!keepNotes(sessionId, board.unsentOwnNotes())) return
    board.provider.disconnect()
    void board.clearLocalCopy().then(onStartOver)
  }, [board, refusal, myId, sessionId, onStartOver])

  const refused = useRefused(board)
  // The server refused the token: on the open socket (4401), or, for a tablet that was away, by the session
  // record (a socket's upgrade refused with 401 looks like any failed connection in a browser).
  const revoked = refused || (token !== undefined && error?.status === 401)
  // Once removed, the notice stays: with the credential forgotten, the page's next render has no board
  // left to say so (it showed 「まだ参加していません」 instead, whenever anything drew the page again).
  // What the person wrote and could not send is shown with it, to be copied or read out.
  const [removed, setRemoved] = useState<Note[] | null>(null)
  useEffect(() => {
    if (!revoked) return
    setRemoved([...readKept(sessionId), ...(board?.unsentOwnNotes() ?? [])])
    board?.provider.disconnect()
    forgetCredential('participant', sessionId)
  }, [revoked, sessionId, board])
  if (revoked || removed) {
    return (
      <main className="page narrow">
        <p role="alert" data-testid="participant.removed">
          {t('people.removedNotice')}
        </p>
        {removed && removed.length > 0 && (
          <section data-testid="removed.unsent">
            <p>{t('removed.unsent', { n: removed.length })}</p>
            <ul className="trash-list">
              {removed.map((note) => (
                <li key={note.id} className="trash-text" data-testid="removed.unsentNote">
                  {note.text}
                </li>
              ))}
            </ul>
          </section>
        )}
        <a className="button button-primary button-large" href="/">
          {t('app.name')}
        </a>
      </main>
    )
  }

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

  const me = info?.participant && !info.participant.table && chosenTable ? { ...info.participant, table: chosenTable } : info?.participant
  const leave = () => {
    forgetCredential('participant', sessionId)
    clearQueues(sessionId)
    clearKept(sessionId)
    keepPrivateStep(sessionId, false)
    // A shared tablet: the next person must not find this session's notes on it.
    void Promise.all([board?.clearLocalCopy(), privateConnection?.clearLocalCopy()]).finally(() => navigate('/'))
  }

  if (leaving) return <LeaveDialog unsent={{ notes: unsent.size + unsentPrivate.size, deletes: unsentDeletes, dots: dots.pending }} onStay={() => setLeaving(false)} onLeave={leave} />

  if (info && me && info.tables.length > 0 && !me.table) {
    return (
      <main className="page narrow">
        <h1>{t('join.pickTable')}</h1>
        <div className="stack">
          {info.tables.map((name) => (
            <button
              key={name}
              type="button"
              className="button button-secondary button-large"
              data-testid="join.table"
              onClick={() =>
                chooseTable(sessionId, token, name).then(
                  (chosen) => {
                    setChosenTable(chosen.table)
                    setRefresh((n) => n + 1)
                  },
                  (e: Error) => setTableError(e.message),
                )
              }
            >
              {name}
            </button>
          ))}
        </div>
        {tableError && <p className="error" role="alert">{tableError}</p>}
      </main>
    )
  }

  return (
    <main className="page participant">
      <header className="topbar">
        <div className="topbar-left">
          <h1 className="topbar-title">{info?.title ?? t('app.name')}</h1>
          {me && (
            <p className="topbar-sub">
              {t('participant.you', { name: me.name || t('participant.anonymous') })}
              {me.table && `　${t('join.table')}：${me.table}`}
            </p>
          )}
        </div>
        <div className="topbar-right">
          {plan.items.length > 0 && (
            <button type="button" className="button button-secondary" aria-pressed={showPlan} onClick={() => setShowPlan((v) => !v)} data-testid="participant.plan">
              {showPlan ? t('plan.hide') : t('plan.show')}
            </button>
          )}
          <ConnectionBadge status={status} />
          <PendingNotice deletes={unsentDeletes} dots={dots.pending} />
          <TextSizeToggle />
          <button type="button" className="button button-ghost" onClick={() => setLeaving(true)} data-testid="participant.leave">
            {t('participant.leave')}
          </button>
        </div>
      </header>
      {refusal && (
        <p className="lock-banner" role="alert" data-testid="refusal.banner">
          {t(refusalMessage(refusal))}
        </p>
      )}
      {board && me && boardLoaded && <KeptNotes sessionId={sessionId} doc={board.doc} me={{ id: me.id, name: me.name, table: me.table }} />}
      <div className="session-strip">
        <StepBanner control={control} pending={controlLoaded ? false : status === 'connected' ? 'loading' : 'offline'} />
        <TimerDisplay timer={control.timer} />
      </div>
      {showPlan && plan.items.length > 0 ? (
        <>
          {agree.error && (
            <p className="error" role="alert">
              {agree.error}
            </p>
          )}
          <PlanReadOnly items={plan.items} categories={control.categories} agree={plan.agree} mine={plan.open ? agree.mine : undefined} onAgree={plan.open ? agree.toggle : undefined} />
        </>
      ) : board && me && boardLoaded ? (
        <BoardWorkspace
          connection={board}
          me={{ id: me.id, name: me.name, table: me.table, role: 'participant' }}
          tables={info?.tables ?? []}
          follow={followRequest(control)}
          locked={control.locks.board ? ALL_LOCKED : new Set(control.locks.canvases)}
          dots={dots}
          totals={visibleTotals(control.vote)}
          privateDoc={privateConnection?.doc}
          privateMode={privateMode}
          privateUnsent={unsentPrivate}
          visitTables={control.gallery ? (info?.tables ?? []) : []}
          unsent={unsent}
          suggest={token ? { sessionId, token } : null}
          plan={{ items: plan.items }}
        />
      ) : !info && error && (error.status === 0 || error.status >= 500) ? (
        // Nothing of this session on the device yet (it was never drawn here) and the laptop out of reach:
        // said in words, instead of a page that only waits. It comes by itself once the laptop answers.
        <p role="status" data-testid="participant.unreachable">
          {t('participant.unreachable')}
        </p>
      ) : (
        <p role="status">{t('conn.connecting')}</p>
      )}
    </main>
  )
}
