import { planGaps, type PlanItem } from '../../shared/plan.ts'
import type { BoardSnapshot } from '../../shared/board.ts'
import type { LinkEnd } from '../../shared/schema.ts'
import { t, tableLabel } from '../i18n.ts'

interface Props {
  board: BoardSnapshot
  items: PlanItem[]
  onMake: (end: LinkEnd) => void
  onShow: (end: LinkEnd) => void
}

/** 抜けの確認: the need groups still missing a resource, an action or a plan item. */
export function GapView({ board, items, onMake, onShow }: Props) {
  const gaps = planGaps(board, items)
  return (
    <section className="panel gap-view" aria-labelledby="gaps-title" data-testid="gaps">
      <h2 id="gaps-title">{t('gaps.heading')}</h2>
      <p className="plan-hint">{t('gaps.hint')}</p>
      {gaps.length === 0 ? (
        <p>{t('gaps.none')}</p>
      ) : (
        <ul className="gap-list">
          {gaps.map((gap) => {
            const end: LinkEnd = { type: 'group', id: gap.group.id }
            return (
              <li key={gap.group.id} className="gap-item" data-testid="gap">
                <div>
                  <strong>【{gap.group.title || t('board.untitled')}】</strong>
                  <span className="plan-source-where">
                    {tableLabel(gap.group.table)}・{t('gaps.notes', { n: gap.noteCount })}
                  </span>
                </div>
                <div className="gap-flags">
                  {gap.noResource && <span className="badge badge-warn">{t('gaps.noResource')}</span>}
                  {gap.noAction && <span className="badge badge-warn">{t('gaps.noAction')}</span>}
                  {gap.noPlan && <span className="badge badge-warn">{t('gaps.noPlan')}</span>}
                </div>
                <div className="panel-row">
                  <button type="button" className="button button-secondary" onClick={() => onShow(end)}>
                    {t('plan.sourceShow')}
                  </button>
                  {gap.noPlan && (
                    <button type="button" className="button button-primary" onClick={() => onMake(end)} data-testid="gap.make">
                      {t('plan.make')}
                    </button>
                  )}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
