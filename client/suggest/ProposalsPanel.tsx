/**
 * まとめ案: proposed groups for the ungrouped notes of the canvas on screen. Each proposal shows its notes
 * and a suggested 表札 people can edit; この案でまとめる groups them (the ordinary group operations, one
 * undo step), この案は使わない dismisses it for good on this device. Loaded only when opened.
 */
import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { BoardSnapshot } from '../../shared/board.ts'
import { GROUP_TITLE_MAX, type Canvas } from '../../shared/schema.ts'
import type { SuggestedGroup } from '../../shared/suggest.ts'
import { acceptProposal } from '../../shared/ops/proposals.ts'
import type { MovedAside } from '../../shared/ops/place.ts'
import { suggestBoard, type SuggestAccess } from './api.ts'
import { addDismissed, readDismissed } from './dismissed.ts'
import { t } from '../i18n.ts'

export interface ProposalsPanelProps {
  access: SuggestAccess
  doc: Y.Doc
  board: BoardSnapshot
  canvas: Canvas
  table: string
  origin: unknown
  /** `movedAside`: other notes the new group's frame moved out of the way, for the toast to say so. */
  onAccepted: (title: string, movedAside: MovedAside) => void
  onClose: () => void
}

export default function ProposalsPanel({ access, doc, board, canvas, table, origin, onAccepted, onClose }: ProposalsPanelProps) {
  const [proposals, setProposals] = useState<SuggestedGroup[] | null>(null)
  const [titles, setTitles] = useState<Record<string, string>>({})
  const [stale, setStale] = useState<ReadonlySet<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [round, setRound] = useState(0)
  const refresh = useCallback(() => setRound((r) => r + 1), [])

  useEffect(() => {
    const controller = new AbortController()
    setProposals(null)
    setError(null)
    suggestBoard(access, canvas, table, readDismissed(access.sessionId, table, canvas), controller.signal).then(
      (answer) => {
        setProposals(answer.groups)
        setTitles(Object.fromEntries(answer.groups.map((g) => [g.signature, g.title])))
        setStale(new Set())
      },
      (e: Error) => {
        if (!controller.signal.aborted) setError(e.message)
      },
    )
    return () => controller.abort()
  }, [access, canvas, table, round])

  const textOf = new Map(board.notes.map((n) => [n.id as string, n]))
  const drop = (signature: string) => setProposals((list) => (list ?? []).filter((p) => p.signature !== signature))

  const accept = (p: SuggestedGroup) => {
    const title = (titles[p.signature] ?? p.title).trim()
    const accepted = acceptProposal(doc, p.noteIds, title, origin)
    if (!accepted) {
      setStale((s) => new Set([...s, p.signature]))
      return
    }
    drop(p.signature)
    onAccepted(title, accepted.movedAside)
  }

  const dismiss = (p: SuggestedGroup) => {
    addDismissed(access.sessionId, table, canvas, p.signature)
    drop(p.signature)
  }

  return (
    <aside className="proposals" aria-labelledby="proposals-heading" data-testid="suggest.panel">
      <header className="proposals-header">
        <h2 id="proposals-heading">{t('suggest.heading')}</h2>
        <button type="button" className="button button-secondary" onClick={onClose} data-testid="suggest.close">
          {t('suggest.close')}
        </button>
      </header>
      <p className="proposals-intro">{t('suggest.intro')}</p>
      {proposals === null && !error && <p role="status">{t('suggest.loading')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="suggest.error">
          {error}
        </p>
      )}
      {proposals?.length === 0 && (
        <p role="status" data-testid="suggest.none">
          {t('suggest.none')}
        </p>
      )}
      <ol className="proposals-list">
        {proposals?.map((p) => (
          <li key={p.signature} className="proposal" data-testid="suggest.proposal" data-signature={p.signature}>
            <label className="proposal-title">
              <span>{t('suggest.titleLabel')}</span>
              <input
                className="input"
                value={titles[p.signature] ?? p.title}
                maxLength={GROUP_TITLE_MAX}
                onChange={(e) => setTitles((all) => ({ ...all, [p.signature]: e.target.value }))}
                data-testid="suggest.title"
              />
            </label>
            <p className="proposal-count">{t('suggest.count', { n: p.noteIds.length })}</p>
            <ul className="proposal-notes">
              {p.noteIds.map((id) => {
                const note = textOf.get(id)
                return note ? (
                  <li key={id} className={`proposal-note note-${note.color}`}>
                    {note.text}
                  </li>
                ) : null
              })}
            </ul>
            {stale.has(p.signature) && (
              <p className="error" role="alert">
                {t('suggest.stale')}
              </p>
            )}
            <div className="proposal-actions">
              <button type="button" className="button button-primary" onClick={() => accept(p)} disabled={stale.has(p.signature)} data-testid="suggest.accept">
                {t('suggest.accept')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => dismiss(p)} data-testid="suggest.dismiss">
                {t('suggest.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <footer className="proposals-footer">
        <button type="button" className="button button-secondary" onClick={refresh} data-testid="suggest.refresh">
          {t('suggest.refresh')}
        </button>
      </footer>
    </aside>
  )
}
