import { useEffect, useRef } from 'react'
import { itemsByCategory, W5H2_KEYS, type PlanItem } from '../../shared/plan.ts'
import { t } from '../i18n.ts'

interface Props {
  items: PlanItem[]
  categories: string[]
  agree: Record<string, number>
  /** A participant while 賛成 is open: the items they agreed with, and how to change that. */
  mine?: ReadonlySet<string> | undefined
  onAgree?: ((itemId: string, agree: boolean) => void) | undefined
  large?: boolean
  /** The projector: the item the facilitator chose, scrolled into view and marked. */
  focus?: string | null | undefined
}

const READ_FIELDS = ['needs', 'actions', 'resources'] as const

/** The plan as participants and the projector see it: read-only, by 分類, with 賛成 while it is open. */
export function PlanReadOnly({ items, categories, agree, mine, onAgree, large = false, focus = null }: Props) {
  const focused = useRef<HTMLElement | null>(null)
  const present = focus !== null && items.some((i) => i.id === focus)
  useEffect(() => {
    focused.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
  }, [focus, present])
  if (items.length === 0) return <p className="plan-empty">{t('plan.readOnlyHint')}</p>
  return (
    <div className={`plan-readonly${large ? ' plan-readonly-large' : ''}`} data-testid="plan.readonly">
      {onAgree && <p className="plan-hint">{t('plan.agreeHint')}</p>}
      {itemsByCategory(items, categories).map(({ category, items: here }) => (
        <section key={category || '-'}>
          <h2 className="plan-category">{category || t('plan.uncategorized')}</h2>
          {here.map((item) => {
            const agreed = mine?.has(item.id) ?? false
            return (
              <article
                key={item.id}
                ref={item.id === focus ? focused : undefined}
                className={`plan-card status-${item.status}${item.id === focus ? ' is-focus' : ''}`}
                aria-current={item.id === focus ? true : undefined}
                data-testid="plan.card"
              >
                <header className="plan-card-head">
                  <h3 className="plan-card-title">{item.title || t('plan.untitled')}</h3>
                  <span className="plan-badges">
                    {item.division && <span className="badge">{t(`plan.division.${item.division}`)}</span>}
                    <span className="badge">{t(`plan.status.${item.status}`)}</span>
                    {(agree[item.id] ?? 0) > 0 && <span className="badge badge-agree">{t('plan.agreeCount', { n: agree[item.id] ?? 0 })}</span>}
                  </span>
                </header>
                {item.goal && <p className="plan-goal">{item.goal}</p>}
                {/* What a resident agrees to: the need it answers and what will be done, with whom. Not 住民の声: it
                    may carry a speaker's 年代・立場 from 代筆, which never goes on the projector. */}
                <dl className="plan-5w2h plan-readonly-fields">
                  {READ_FIELDS.filter((k) => item[k]).map((k) => (
                    <div key={k}>
                      <dt>{t(`plan.field.${k}`)}</dt>
                      <dd>{item[k]}</dd>
                    </div>
                  ))}
                </dl>
                <dl className="plan-5w2h">
                  {W5H2_KEYS.filter((k) => item.w5h2[k]).map((k) => (
                    <div key={k}>
                      <dt>{t(`plan.w5h2.${k}`)}</dt>
                      <dd>{item.w5h2[k]}</dd>
                    </div>
                  ))}
                </dl>
                {onAgree && (
                  <button type="button" className={`button button-large ${agreed ? 'button-secondary' : 'button-primary'}`} aria-pressed={agreed} onClick={() => onAgree(item.id, !agreed)} data-testid="plan.agree">
                    {agreed ? t('plan.agreed') : t('plan.agree')}
                  </button>
                )}
              </article>
            )
          })}
        </section>
      ))}
    </div>
  )
}
