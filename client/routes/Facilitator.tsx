import { useCallback, useMemo, useRef, useState } from 'react'
import { takeFragmentSecret } from '../credentials.ts'
import { newProjectorLink } from '../api.ts'
import { useConnectionStatus, useDocConnection, usePresence } from '../sync/hooks.ts'
import { useSessionInfo } from '../sync/useSessionInfo.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { JoinPanel } from '../components/JoinPanel.tsx'
import { BoardWorkspace } from '../board/BoardWorkspace.tsx'
import { currentLang, t } from '../i18n.ts'
import { formatDate } from '../../shared/dates.ts'
import { viewableTables } from '../../shared/board.ts'
import { useControl, visibleTotals } from '../control/useControl.ts'
import { VotePanel } from '../control/VotePanel.tsx'
import { PrivatePanel } from '../control/PrivatePanel.tsx'
import { TablesOverview } from '../control/TablesOverview.tsx'
import { SettingsPanel } from '../control/SettingsPanel.tsx'
import { FacilitatorPanel } from '../control/FacilitatorPanel.tsx'
import { ParticipantsPanel } from '../control/ParticipantsPanel.tsx'
import { StepBanner } from '../control/StepBanner.tsx'
import { shareView, type Focus } from '../../shared/control.ts'
import { serverNow } from '../sync/serverClock.ts'
import type { CanvasChoice } from '../board/CanvasTabs.tsx'
import { readBoardView, EMPTY_BOARD } from '../../shared/board.ts'
import { readVoteTotals } from '../../shared/control.ts'
import { addPlanItem, draftPlanItem, planGaps, setScreen } from '../../shared/plan.ts'
import type { LinkEnd } from '../../shared/schema.ts'
import { useDocValue } from '../sync/hooks.ts'
import { usePlan, useDraftWording } from '../plan/usePlan.ts'
import { MatrixWorkspace, PlanWorkspace } from '../plan/PlanWorkspace.tsx'
import { GapView } from '../plan/GapView.tsx'
import { ExportPanel, type PrintTarget } from '../plan/ExportPanel.tsx'
import { PrintView } from '../plan/PrintView.tsx'
import { JoinCards } from '../control/JoinCards.tsx'

type Tab = 'board' | 'plan' | 'matrix' | 'gaps' | 'export'

/** The facilitator's laptop: the QR and code to show, the projector link, every table's board. */
export function Facilitator({ sessionId }: { sessionId: string }) {
  const [key] = useState(() => takeFragmentSecret('facilitator', sessionId, 'key'))
  const [reload, setReload] = useState(0)
  const { info, error } = useSessionInfo(sessionId, key, 15_000, reload)
  const board = useDocConnection(sessionId, 'board', key)
  const controlConnection = useDocConnection(sessionId, 'control', key)
  const control = useControl(controlConnection)
  const plan = usePlan(controlConnection?.doc)
  const boardSnapshot = useDocValue(board?.doc, readBoardView, EMPTY_BOARD)
  const wording = useDraftWording()
  const [tab, setTab] = useState<Tab>('board')
  const [selectedItem, setSelectedItem] = useState<string | null>(null)
  const [reveal, setReveal] = useState<{ end: LinkEnd; key: string } | null>(null)
  const [printing, setPrinting] = useState<PrintTarget | null>(null)
  const [printingCards, setPrintingCards] = useState(false)
  const status = useConnectionStatus(board)
  const onScreen = useRef<{ canvas: CanvasChoice; table: string }>({ canvas: 'need', table: '' })
  const onViewChange = useCallback((view: { canvas: CanvasChoice; table: string }) => {
    onScreen.current = view
  }, [])
  const focus = useRef<Focus | undefined>(undefined)
  const onFocusChange = useCallback((next: Focus) => {
    focus.current = next
  }, [])
  const present = usePresence(board).filter((u) => u.role === 'participant')
  const [notice, setNotice] = useState<string | null>(null)
  const [showJoin, setShowJoin] = useState(true)
  const [overview, setOverview] = useState(false)
  const tableList = info?.tables.join('\n') ?? ''
  const boardTables = useMemo(() => viewableTables(tableList ? tableList.split('\n') : []), [tableList])

  if (!key || error) {
    return (
      <main className="page narrow">
        <p role="alert">{key ? error?.message : t('facilitator.noKey')}</p>
      </main>
    )
  }

  /** 計画案にする: a draft from a need group or note, with the votes as they stand; opened for editing. */
  const makePlan = (from: LinkEnd) => {
    if (!controlConnection) return
    const draft = draftPlanItem(boardSnapshot, from, readVoteTotals(controlConnection.doc), wording)
    if (!draft) return
    const item = addPlanItem(controlConnection.doc, draft)
    setSelectedItem(item.id)
    setTab('plan')
    setNotice(t('plan.made', { title: item.title || t('plan.untitled') }))
  }
  const openPlanItem = (id: string) => {
    setSelectedItem(id)
    setTab('plan')
  }
  const showOnBoard = (end: LinkEnd) => {
    setOverview(false)
    setTab('board')
    setReveal({ end, key: `${end.type}:${end.id}:${Date.now()}` })
  }

  if (printing && info) {
    return (
      <PrintView
        target={printing}
        title={info.title}
        tables={info.tables}
        board={boardSnapshot}
        items={plan.items}
        categories={control.categories}
        agree={plan.agree}
        votes={controlConnection ? readVoteTotals(controlConnection.doc) : {}}
        onBack={() => setPrinting(null)}
      />
    )
  }

  if (printingCards && info) {
    return <JoinCards sessionId={sessionId} facilitatorKey={key} title={info.title} tables={info.tables} onBack={() => setPrintingCards(false)} />
  }

  const gapCount = planGaps(boardSnapshot, plan.items).length
  // Counts as small badges, not in （）: on a 1280×800 laptop with the 操作パネル open, two two-digit counts in
  // full-width brackets pushed 全テーブルを一覧する onto a second row and took that row from the board.
  const tabs: Array<[Tab, string, number?]> = [
    ['board', t('plan.tab.board')],
    ['plan', t('plan.tab.plan'), plan.items.length],
    ['matrix', t('plan.tab.matrix')],
    ['gaps', t('plan.tab.gaps'), gapCount],
    ['export', t('plan.tab.export')],
  ]

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
    <main className={tab === 'board' && !overview ? 'page facilitator facilitator-on-board' : 'page facilitator'}>
      <header className="topbar">
        <div className="topbar-left">
          <h1 className="topbar-title" data-testid="facilitator.title">
            {info?.title}
          </h1>
          <p className="topbar-sub">
            {[info?.date ? formatDate(info.date, currentLang()) : '', info?.venue, info ? t(`home.create.kind.${info.kind}`) : ''].filter(Boolean).join('　')}
          </p>
        </div>
        <div className="topbar-right">
          {/* In the header, not above the board: on a 1280×800 laptop the board needs that row (and the toggle comes
              before the panel it opens and closes, in the keyboard's order too). */}
          <button type="button" className="button button-ghost panel-toggle" onClick={() => setShowJoin((v) => !v)} aria-expanded={showJoin} data-testid="facilitator.panelToggle">
            {showJoin ? t('facilitator.hideJoin') : t('facilitator.showJoin')}
          </button>
          <span className="presence" data-testid="facilitator.presence">
            {t('facilitator.participants', { n: present.length })}
          </span>
          <ConnectionBadge status={status} />
        </div>
      </header>
      <div className={showJoin ? 'facilitator-grid' : 'facilitator-grid facilitator-grid-wide'}>
        {showJoin && (
          <aside className="facilitator-side">
            <div className="stack">
              <button type="button" className="button button-primary" onClick={() => void openProjector()} data-testid="facilitator.projector">
                {t('facilitator.projectorLink')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => void copyAdminLink()}>
                {t('facilitator.adminLink')} — {t('facilitator.copy')}
              </button>
            </div>
            {notice && <p role="status">{notice}</p>}
            {/* What the facilitator uses all along (steps, timer, locks) near the top; the set-up last. */}
            {controlConnection && (
              <FacilitatorPanel
                doc={controlConnection.doc}
                control={control}
                onShareView={() => {
                  const doc = controlConnection.doc
                  // Everyone's screen to this board view: the projector leaves 計画案 or the matrix for it too.
                  doc.transact(() => {
                    setScreen(doc, 'board')
                    shareView(doc, onScreen.current.canvas, onScreen.current.table, serverNow(), focus.current)
                  })
                  setNotice(t('view.shared'))
                }}
              />
            )}
            {control.currentStep?.private && <PrivatePanel sessionId={sessionId} facilitatorKey={key} />}
            {/* The projector shows the QR code and the join code too. */}
            <JoinPanel sessionId={sessionId} token={key} />
            <button type="button" className="button button-secondary" onClick={() => setPrintingCards(true)} disabled={!info} data-testid="cards.open">
              {t('cards.open')}
            </button>
            <section className="panel">
              <VotePanel sessionId={sessionId} facilitatorKey={key} vote={control.vote} defaultCanvas={control.currentStep?.canvas ?? 'need'} />
            </section>
            {info && <ParticipantsPanel sessionId={sessionId} facilitatorKey={key} tables={info.tables} present={present} />}
            {controlConnection && (
              <SettingsPanel doc={controlConnection.doc} categories={control.categories} sessionId={sessionId} facilitatorKey={key} onTablesChanged={() => setReload((n) => n + 1)} />
            )}
          </aside>
        )}
        <section className="facilitator-main">
          <div className="panel-row">
            <nav className="main-tabs" aria-label={t('plan.tabs')}>
              {tabs.map(([id, label, count]) => (
                <button key={id} type="button" className="main-tab" aria-pressed={tab === id} onClick={() => {
                    setTab(id)
                    // The plan screens want the whole width; the side panel can be opened again.
                    if (id !== 'board') setShowJoin(false)
                  }}
                  data-testid={`tab.${id}`}
                >
                  {label}
                  {count !== undefined && (
                    <>
                      {' '}
                      <span className="main-tab-count">{count}</span>
                    </>
                  )}
                </button>
              ))}
            </nav>
            {tab === 'board' && info && info.tables.length > 1 && (
              <button type="button" className="button button-secondary" aria-pressed={overview} onClick={() => setOverview((v) => !v)} data-testid="overview.toggle">
                {overview ? t('overview.back') : t('overview.open')}
              </button>
            )}
          </div>
          {tab === 'plan' && controlConnection && (
            <PlanWorkspace doc={controlConnection.doc} sessionId={sessionId} plan={plan} board={boardSnapshot} categories={control.categories} selected={selectedItem} onSelect={setSelectedItem} onShowSource={showOnBoard} />
          )}
          {tab === 'matrix' && controlConnection && <MatrixWorkspace doc={controlConnection.doc} plan={plan} onOpen={openPlanItem} />}
          {tab === 'gaps' && <GapView board={boardSnapshot} items={plan.items} onMake={makePlan} onShow={showOnBoard} />}
          {tab === 'export' && <ExportPanel sessionId={sessionId} facilitatorKey={key} items={plan.items} onPrint={setPrinting} />}
          {tab === 'board' && overview && board && info && <TablesOverview doc={board.doc} tables={info.tables} present={present} />}
          {tab === 'board' && board && info && !overview && (
            <>
              <StepBanner control={control} />
              <BoardWorkspace
                connection={board}
                me={{ id: 'facilitator', name: t('facilitator.heading'), table: '', role: 'facilitator' }}
                tables={boardTables}
                chooseTable
                allowAllView
                onViewChange={onViewChange}
                onFocusChange={onFocusChange}
                totals={visibleTotals(control.vote)}
                suggest={{ sessionId, token: key }}
                plan={{ items: plan.items, onOpen: openPlanItem, onMake: makePlan }}
                reveal={reveal}
              />
            </>
          )}
        </section>
      </div>
    </main>
  )
}
