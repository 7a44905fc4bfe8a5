import type { BoardSnapshot } from '../../shared/board.ts'
import type { VoteState } from '../../shared/control.ts'
import { t } from '../i18n.ts'

/** The projector's ranked list once a vote is over (or live): the notes with the most dots first. */
export function VoteRanking({ vote, board, limit = 8 }: { vote: VoteState; board: BoardSnapshot; limit?: number }) {
  const rows = Object.entries(vote.totals)
    .map(([id, n]) => ({ note: board.notes.find((x) => x.id === id), n }))
    .filter((r): r is { note: NonNullable<typeof r.note>; n: number } => r.note !== undefined)
    .sort((a, b) => b.n - a.n || a.note.createdAt - b.note.createdAt)
    .slice(0, limit)
  if (rows.length === 0) return null
  return (
    <section className="ranking" aria-labelledby="ranking-title" data-testid="vote.ranking">
      <h2 id="ranking-title">{t('vote.ranking')}</h2>
      <ol>
        {rows.map(({ note, n }) => (
          <li key={note.id}>
            <span className="ranking-n">{t('vote.total', { n })}</span> {note.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
