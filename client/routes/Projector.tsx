import { useEffect, useMemo, useState } from 'react'
import { takeFragmentSecret } from '../credentials.ts'
import { useConnectionStatus, useDocConnection, useDocValue, usePresence } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { JoinPanel } from '../components/JoinPanel.tsx'
import { BoardCanvas } from '../board/BoardCanvas.tsx'
import { EMPTY_BOARD, readBoardView, viewableTables, withoutHidden } from '../../shared/board.ts'
import { CANVASES } from '../../shared/schema.ts'
import { t, tableLabel } from '../i18n.ts'
import { followRequest, useControl, visibleTotals } from '../control/useControl.ts'
import { useProjectorSound } from '../control/projectorSound.ts'
import { VoteRanking } from '../control/VoteRanking.tsx'
import { StepBanner } from '../control/StepBanner.tsx'
import { TimerDisplay } from '../control/TimerDisplay.tsx'
import { CanvasTabs, type CanvasChoice } from '../board/CanvasTabs.tsx'
import { usePlan } from '../plan/usePlan.ts'
import { PriorityMatrix } from '../plan/PriorityMatrix.tsx'
import { PlanReadOnly } from '../plan/PlanReadOnly.tsx'


/** Note text is 20 px at scale 1: the projector's one canvas never draws it below 24 px (3つ並べる fits all three whole). */
const PROJECTOR_MIN_SCALE = 1.2

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

/** The projector: read-only, the three canvases side by side, author names hidden, QR and code to join. */
export function Projector({ sessionId }: { sessionId: string }) {
  const [token] = useState(() => takeFragmentSecret('projector', sessionId, 'token'))
  const { info, error } = useSessionInfo(sessionId, token, 15_000)
  const board = useDocConnection(sessionId, 'board', token)
  const controlConnection = useDocConnection(sessionId, 'control', token)
  const control = useControl(controlConnection)
  const plan = usePlan(controlConnection?.doc)
  const present = usePresence(board).filter((u) => u.role === 'participant')
  const status = useConnectionStatus(board)
  const fullSnapshot = useDocValue(board?.doc, readBoardView, EMPTY_BOARD)
  // Hidden notes (moderation) never show on the projector.
  const snapshot = useMemo(() => withoutHidden(fullSnapshot), [fullSnapshot])
  const [view, setView] = useState<CanvasChoice>('all')
  const { sound, setSound, needsClick } = useProjectorSound()
  const [chosenTable, setTable] = useState<string | null>(null)
  const table = chosenTable ?? info?.tables[0] ?? ''
  useWakeLock()
  // The projector follows the facilitator: the step's canvas, or the view shared with みんなの画面を合わせる.
  const follow = followRequest(control)
  useEffect(() => {
    if (!follow) return
    setView(follow.canvas)
    if (follow.table) setTable(follow.table)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [follow?.key])

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
        {plan.screen === 'board' && <CanvasTabs value={view} onChange={setView} allowAll compact />}
        {info && plan.screen === 'board' && (
          <select className="input projector-table" value={table} onChange={(e) => setTable(e.target.value)} aria-label={t('join.table')} data-testid="projector.table">
            {viewableTables(info.tables).map((name) => (
              <option key={name} value={name}>
                {tableLabel(name)}
              </option>
            ))}
          </select>
        )}
        <span className="projector-count" data-testid="projector.participants">{t('projector.participants', { n: present.length })}</span>
        <TimerDisplay timer={control.timer} large sound={sound} />
        <ConnectionBadge status={status} />
      </header>
      <div className="projector-grid">
        {plan.screen !== 'board' ? (
          <div className="projector-plan" data-testid={`projector.${plan.screen}`}>
            <h2 className="canvas-title">{plan.screen === 'matrix' ? t('matrix.heading') : t('plan.heading')}</h2>
            {plan.screen === 'matrix' ? (
              <PriorityMatrix items={plan.items} agree={plan.agree} size="large" fit />
            ) : (
              <PlanReadOnly items={plan.items} categories={control.categories} agree={plan.agree} large focus={plan.focus} />
            )}
          </div>
        ) : (
          <div className={view === 'all' ? 'projector-canvases' : 'projector-canvases projector-one'}>
            {board &&
              (view === 'all' ? CANVASES : [view]).map((c) => (
                <div key={c} className="canvas-slot">
                  <h2 className="canvas-title">{t(`canvas.${c}`)}</h2>
                  <BoardCanvas
                    doc={board.doc}
                    board={snapshot}
                    canvas={c}
                    table={table}
                    origin={null}
                    readOnly
                    autoFit
                    showAuthors={false}
                    totals={visibleTotals(control.vote)}
                    focus={view === c && follow?.focus && follow.canvas === c ? { ...follow.focus, key: follow.key } : null}
                    minScale={view === 'all' ? 0 : PROJECTOR_MIN_SCALE}
                  />
                </div>
              ))}
          </div>
        )}
        <aside className="projector-side">
          <StepBanner control={control} large />
          {control.vote?.status === 'open' && (
            <p className="vote-banner projector-vote" role="status" data-testid="projector.voteOpen">
              {t('vote.projectorOpen', { canvas: t(`canvas.short.${control.vote.canvas}`) })}
              <span className="vote-how">{t('vote.projectorHowTo')}</span>
            </p>
          )}
          {control.vote && visibleTotals(control.vote) && <VoteRanking vote={control.vote} board={snapshot} fit />}
          <p className="projector-scan">{t('projector.scan')}</p>
          <JoinPanel sessionId={sessionId} token={token} large />
          <label className="check projector-sound">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
            {t('timer.sound')}
          </label>
          {/* Over the top of the board, not under the switch (below the fold of a 720p side column) nor in the board's
              corners (the edge words). Any click on the page will do; this one says where. */}
          {needsClick && (
            <button type="button" className="button button-secondary projector-sound-click" data-testid="projector.soundClick">
              {t('timer.soundNeedsClick')}
            </button>
          )}
        </aside>
      </div>
    </main>
  )
}
