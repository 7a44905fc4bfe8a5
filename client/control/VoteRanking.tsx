import { useLayoutEffect, useRef, useState } from 'react'
import type { BoardSnapshot } from '../../shared/board.ts'
import type { VoteState } from '../../shared/control.ts'
import { t } from '../i18n.ts'

/**
 * The projector's ranked list once a vote is over (or live): the notes with the most dots first. `fit`: the
 * list takes the room its parent leaves it and shows as many of the first rows as fit whole, the rest
 * counted in one line (ほか 4件) — a projector on a wall is never scrolled, and a row cut in half is unreadable.
 */
export function VoteRanking({ vote, board, limit = 8, fit = false }: { vote: VoteState; board: BoardSnapshot; limit?: number; fit?: boolean }) {
  const all = Object.entries(vote.totals)
    .map(([id, n]) => ({ note: board.notes.find((x) => x.id === id), n }))
    .filter((r): r is { note: NonNullable<typeof r.note>; n: number } => r.note !== undefined)
    .sort((a, b) => b.n - a.n || a.note.createdAt - b.note.createdAt)
  const rows = all.slice(0, limit)
  const slot = useRef<HTMLElement>(null)
  const box = useRef<HTMLDivElement>(null)
  // The slot's height: it depends on the rest of the column (the step, the join panel), not on the list.
  const [room, setRoom] = useState(0)
  useLayoutEffect(() => {
    const el = slot.current
    if (!fit || !el) return undefined
    const observer = new ResizeObserver(() => setRoom(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [fit, rows.length > 0])

  // Whenever the room or the rows change, start again from every row and drop the last until the list fits.
  const key = `${room}|${rows.map((r) => `${r.note.id}:${r.n}:${r.note.text}`).join('|')}`
  const [fitted, setFitted] = useState({ key, shown: rows.length })
  if (fitted.key !== key) setFitted({ key, shown: rows.length })
  const shown = fit ? Math.min(fitted.shown, rows.length) : rows.length
  useLayoutEffect(() => {
    if (!fit || !slot.current || !box.current || shown <= 1) return
    if (box.current.offsetHeight > slot.current.clientHeight) setFitted({ key, shown: shown - 1 })
  }, [fit, key, shown])

  if (rows.length === 0) return null
  const rest = all.length - shown
  return (
    <section ref={slot} className={fit ? 'ranking-slot' : undefined} aria-labelledby="ranking-title" data-testid="vote.ranking">
      <div ref={box} className="ranking">
        <h2 id="ranking-title">{t('vote.ranking')}</h2>
        <ol>
          {rows.slice(0, shown).map(({ note, n }) => (
            <li key={note.id}>
              <span className="ranking-entry">
                <span className="ranking-n">{t('vote.total', { n })}</span> {note.text}
              </span>
            </li>
          ))}
        </ol>
        {rest > 0 && (
          <p className="ranking-rest" data-testid="vote.ranking.rest">
            {t('vote.rankingRest', { n: rest })}
          </p>
        )}
      </div>
    </section>
  )
}
