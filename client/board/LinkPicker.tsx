import type { BoardSnapshot } from '../../shared/board.ts'
import { CANVASES, type Canvas, type LinkEnd } from '../../shared/schema.ts'
import { linkedTo } from '../../shared/ops/links.ts'
import { t } from '../i18n.ts'

interface Props {
  from: LinkEnd
  board: BoardSnapshot
  table: string
  onToggle: (from: LinkEnd, to: LinkEnd, linked: boolean) => void
  onDone: () => void
}

/** つなげる: tap the groups and notes of the other canvases that this need relates to. */
export function LinkPicker({ from, board, table, onToggle, onDone }: Props) {
  const fromCanvas: Canvas | undefined =
    from.type === 'note' ? board.notes.find((n) => n.id === from.id)?.canvas : board.groups.find((g) => g.id === from.id)?.canvas
  const linked = new Set(linkedTo(board.links, from).map((e) => `${e.type}:${e.id}`))
  const others = CANVASES.filter((c) => c !== fromCanvas)
  return (
    <section className="sheet" role="dialog" aria-modal="true" aria-labelledby="link-title" data-testid="linkPicker">
      <h2 id="link-title">{t('link.title')}</h2>
      <p>{t('link.hint')}</p>
      {others.map((canvas) => {
        const groups = board.groups.filter((g) => g.canvas === canvas && g.table === table)
        const notes = board.notes.filter((n) => n.canvas === canvas && n.table === table)
        return (
          <div key={canvas}>
            <h3 className="sheet-subtitle">{t(`canvas.${canvas}`)}</h3>
            {groups.length + notes.length === 0 && <p className="empty">{t('participant.empty')}</p>}
            <div className="choice-row">
              {[...groups.map((g) => ({ end: { type: 'group', id: g.id } as LinkEnd, label: `【${g.title || t('board.untitled')}】` })),
                ...notes.map((n) => ({ end: { type: 'note', id: n.id } as LinkEnd, label: n.text }))].map(({ end, label }) => {
                const on = linked.has(`${end.type}:${end.id}`)
                return (
                  <button key={`${end.type}:${end.id}`} type="button" className={on ? 'chip chip-on link-chip' : 'chip link-chip'} aria-pressed={on} onClick={() => onToggle(from, end, !on)} data-testid="link.option">
                    {label}
                  </button>
                )
              })}
            </div>
          </div>
        )
      })}
      <button type="button" className="button button-primary button-large" onClick={onDone} data-testid="link.done">
        {t('link.done')}
      </button>
    </section>
  )
}
