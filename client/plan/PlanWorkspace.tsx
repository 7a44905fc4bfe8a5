import type * as Y from 'yjs'
import type { BoardSnapshot } from '../../shared/board.ts'
import { addPlanItem, isRated, itemsByCategory, setPlanFocus, setPlanOpen, setScreen, type PlanScreen, type PlanState } from '../../shared/plan.ts'
import type { LinkEnd } from '../../shared/schema.ts'
import { t } from '../i18n.ts'
import { PlanEditor } from './PlanEditor.tsx'
import { PriorityMatrix } from './PriorityMatrix.tsx'
import { useItemsOverLimit } from './overLimit.ts'

interface Props {
  doc: Y.Doc
  sessionId: string
  plan: PlanState
  board: BoardSnapshot
  categories: string[]
  selected: string | null
  onSelect: (id: string | null) => void
  onShowSource: (end: LinkEnd) => void
}

/** What the projector shows, switched from the plan screens. */
export function ProjectorSwitch({ doc, screen, show, onShow }: { doc: Y.Doc; screen: PlanScreen; show: PlanScreen; onShow?: () => void }) {
  const on = screen === show
  return (
    <button
      type="button"
      className="button button-secondary"
      aria-pressed={on}
      onClick={() => {
        setScreen(doc, on ? 'board' : show)
        if (!on) onShow?.()
      }}
      data-testid={`plan.project.${show}`}
    >
      {on ? t('plan.projectBoard') : t('plan.project')}
    </button>
  )
}

/** 計画案: the list by 分類 on the left, the chosen item's every field on the right. */
export function PlanWorkspace({ doc, sessionId, plan, board, categories, selected, onSelect, onShowSource }: Props) {
  const item = plan.items.find((i) => i.id === selected) ?? null
  // Text over a limit is kept only on this laptop: the list says which items hold some, so none is forgotten.
  const overLimit = useItemsOverLimit(sessionId)
  // While the plan is on the projector, the item chosen here is brought into view there.
  const choose = (id: string) => {
    onSelect(id)
    if (plan.screen === 'plan') setPlanFocus(doc, id)
  }
  return (
    <div className="plan-workspace">
      <aside className="plan-list panel" aria-labelledby="plan-list-title">
        <h2 id="plan-list-title">{t('plan.list')}</h2>
        <div className="stack">
          <button type="button" className="button button-secondary" onClick={() => choose(addPlanItem(doc, {}).id)} data-testid="plan.new">
            {t('plan.new')}
          </button>
          <button type="button" className="button button-secondary" aria-pressed={plan.open} onClick={() => setPlanOpen(doc, !plan.open)} data-testid="plan.agreeToggle">
            {plan.open ? t('plan.agreeClose') : t('plan.agreeOpen')}
          </button>
          <ProjectorSwitch doc={doc} screen={plan.screen} show="plan" onShow={() => setPlanFocus(doc, selected)} />
          {plan.screen === 'plan' && <p className="plan-hint">{t('plan.projectFollow')}</p>}
        </div>
        {plan.items.length === 0 && <p className="plan-hint">{t('plan.empty')}</p>}
        {itemsByCategory(plan.items, categories).map(({ category, items }) => (
          <section key={category || '-'}>
            <h3 className="plan-category">{category || t('plan.uncategorized')}</h3>
            <ul className="plan-items">
              {items.map((i) => (
                <li key={i.id}>
                  <button type="button" className={`plan-item-button status-${i.status}`} aria-current={i.id === selected} onClick={() => choose(i.id)} data-testid="plan.item">
                    <span className="plan-item-title">{i.title || t('plan.untitled')}</span>
                    <span className="plan-item-meta">
                      {[i.division ? t(`plan.division.${i.division}`) : '', t(`plan.status.${i.status}`), isRated(i) ? t('plan.priority', { impact: i.impact, feasibility: i.feasibility }) : t('plan.unrated'), (plan.agree[i.id] ?? 0) > 0 ? t('plan.agreeCount', { n: plan.agree[i.id] ?? 0 }) : '']
                        .filter(Boolean)
                        .join('・')}
                    </span>
                    {overLimit.has(i.id) && (
                      <span className="badge badge-warn plan-item-over" title={t('plan.overLimitTitle')} data-testid="plan.item.overLimit">
                        {t('plan.overLimitBadge')}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </aside>
      <div className="plan-main">
        {item ? (
          <PlanEditor key={item.id} doc={doc} sessionId={sessionId} item={item} categories={categories} board={board} agree={plan.agree[item.id] ?? 0} onShowSource={onShowSource} onDeleted={() => onSelect(null)} />
        ) : (
          <p className="plan-hint">{plan.items.length > 0 ? t('plan.choose') : ''}</p>
        )}
      </div>
    </div>
  )
}

/** 優先度マトリクス for the facilitator: drag to score, and show it on the projector. */
export function MatrixWorkspace({ doc, plan, onOpen }: { doc: Y.Doc; plan: PlanState; onOpen: (id: string) => void }) {
  return (
    <section className="panel" aria-labelledby="matrix-title">
      <div className="panel-row">
        <h2 id="matrix-title">{t('matrix.heading')}</h2>
        <ProjectorSwitch doc={doc} screen={plan.screen} show="matrix" />
      </div>
      <p className="plan-hint">{t('matrix.hint')}</p>
      {plan.items.length === 0 ? <p className="plan-hint">{t('plan.empty')}</p> : <PriorityMatrix items={plan.items} agree={plan.agree} doc={doc} onOpen={onOpen} />}
    </section>
  )
}
