import { useState } from 'react'
import type { VoteState } from '../../shared/control.ts'
import { CANVASES, type Canvas } from '../../shared/schema.ts'
import { runVote } from '../api.ts'
import { t } from '../i18n.ts'

/** The facilitator starts and ends シール投票; the server holds the ballots and publishes the totals. */
export function VotePanel({ sessionId, facilitatorKey, vote, defaultCanvas }: { sessionId: string; facilitatorKey: string; vote: VoteState | null; defaultCanvas: Canvas }) {
  const [canvas, setCanvas] = useState<Canvas>(defaultCanvas)
  const [dots, setDots] = useState('3')
  const [onePerNote, setOnePerNote] = useState(false)
  const [live, setLive] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = vote?.status === 'open'
  const act = (body: Parameters<typeof runVote>[2]) => runVote(sessionId, facilitatorKey, body).then(() => setError(null), (e: Error) => setError(e.message))
  return (
    <div className="vote-panel">
      <h3 className="panel-subtitle">{t('vote.heading')}</h3>
      {open ? (
        <button type="button" className="button button-danger" onClick={() => void act({ action: 'close' })} data-testid="vote.close">
          {t('vote.close')}
        </button>
      ) : (
        <>
          <div className="panel-row">
            <select className="input vote-canvas" value={canvas} onChange={(e) => setCanvas(e.target.value as Canvas)} aria-label={t('vote.openOn')}>
              {CANVASES.map((c) => (
                <option key={c} value={c}>
                  {t(`canvas.short.${c}`)}
                </option>
              ))}
            </select>
            <label className="minutes">
              <input className="input" type="number" min={1} max={20} value={dots} onChange={(e) => setDots(e.target.value)} aria-label={t('vote.dots')} data-testid="vote.dots" />
              <span>{t('vote.dots')}</span>
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={onePerNote} onChange={(e) => setOnePerNote(e.target.checked)} />
            {t('vote.onePerNote')}
          </label>
          <label className="check">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            {t('vote.live')}
          </label>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void act({ action: 'open', canvas, dots: Math.max(1, Number(dots) || 3), onePerNote, live })}
            data-testid="vote.open"
          >
            {t('vote.open')}
          </button>
        </>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  )
}
