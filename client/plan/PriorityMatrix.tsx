import { useState, type KeyboardEvent } from 'react'
import { DndContext, MouseSensor, TouchSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core'
import type * as Y from 'yjs'
import { SCORE_MAX, SCORE_MIN, updatePlanItem, type PlanItem } from '../../shared/plan.ts'
import { t } from '../i18n.ts'

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i)
const clamp = (n: number) => Math.min(SCORE_MAX, Math.max(SCORE_MIN, n))
const cellId = (impact: number, feasibility: number) => `cell:${impact}:${feasibility}`

interface Props {
  items: PlanItem[]
  agree: Record<string, number>
  /** Without a document the matrix is read-only (projector, tablets, print). */
  doc?: Y.Doc | undefined
  onOpen?: ((id: string) => void) | undefined
  size?: 'normal' | 'large'
}

function Card({ item, agree, movable, onMove, onOpen }: { item: PlanItem; agree: number; movable: boolean; onMove: (impact: number, feasibility: number) => void; onOpen?: (() => void) | undefined }) {
  const drag = useDraggable({ id: item.id, disabled: !movable })
  const title = item.title || t('plan.untitled')
  /** Arrow keys move the card one cell: up and down change 波及効果, left and right 実現可能性. */
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] }
    const move = moves[e.key]
    if (move) {
      e.preventDefault()
      onMove(clamp(item.impact + move[0]), clamp(item.feasibility + move[1]))
    } else if (e.key === 'Enter' && onOpen) onOpen()
  }
  const style = drag.transform ? { transform: `translate(${drag.transform.x}px, ${drag.transform.y}px)` } : undefined
  return (
    <div
      ref={drag.setNodeRef}
      className={`matrix-card status-${item.status}${drag.isDragging ? ' is-dragging' : ''}`}
      style={style}
      data-testid="matrix.card"
      data-item-id={item.id}
      {...(movable
        ? { ...drag.listeners, ...drag.attributes, onKeyDown, 'aria-roledescription': t('matrix.itemRole'), 'aria-label': `${title}（${t('matrix.cell', { impact: item.impact, feasibility: item.feasibility })}）` }
        : {})}
      onDoubleClick={onOpen}
    >
      <span className="matrix-card-title">{title}</span>
      {agree > 0 && <span className="matrix-card-agree">{t('plan.agreeCount', { n: agree })}</span>}
    </div>
  )
}

function Cell({ impact, feasibility, children }: { impact: number; feasibility: number; children: React.ReactNode }) {
  const drop = useDroppable({ id: cellId(impact, feasibility) })
  return (
    <div ref={drop.setNodeRef} className={`matrix-cell${drop.isOver ? ' is-over' : ''}`} role="group" aria-label={t('matrix.cell', { impact, feasibility })} data-testid={`matrix.cell.${impact}.${feasibility}`}>
      {children}
    </div>
  )
}

/** 優先度マトリクス: 波及効果 up, 実現可能性 right. Dragging a card (or arrow keys) changes its two scores. */
export function PriorityMatrix({ items, agree, doc, onOpen, size = 'normal' }: Props) {
  const [said, setSaid] = useState('')
  const sensors = useSensors(useSensor(MouseSensor, { activationConstraint: { distance: 6 } }), useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 8 } }))
  const move = (item: PlanItem, impact: number, feasibility: number) => {
    if (!doc || (impact === item.impact && feasibility === item.feasibility)) return
    updatePlanItem(doc, item.id, { impact, feasibility })
    setSaid(t('matrix.moved', { title: item.title || t('plan.untitled'), impact, feasibility }))
  }
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = items.find((i) => i.id === active.id)
    const match = over ? /^cell:(\d):(\d)$/.exec(String(over.id)) : null
    if (item && match) move(item, Number(match[1]), Number(match[2]))
  }
  const grid = (
    <div className={`matrix matrix-${size}`} data-testid="matrix">
      <div className="matrix-y-label">
        {/* Upright: set sideways with the vertical label, an ↑ pointed right. */}
        <span className="matrix-y-arrow" aria-hidden="true">
          ↑
        </span>
        {t('matrix.y')}
      </div>
      <div className="matrix-grid" role="group" aria-label={t('matrix.heading')}>
        {[...SCORES].reverse().map((impact) => (
          <div className="matrix-row" key={impact}>
            <div className="matrix-axis" aria-hidden="true">
              {impact}
            </div>
            {SCORES.map((feasibility) => (
              <Cell key={feasibility} impact={impact} feasibility={feasibility}>
                {items
                  .filter((i) => i.impact === impact && i.feasibility === feasibility)
                  .map((item) => (
                    <Card key={item.id} item={item} agree={agree[item.id] ?? 0} movable={Boolean(doc)} onMove={(a, b) => move(item, a, b)} onOpen={onOpen ? () => onOpen(item.id) : undefined} />
                  ))}
              </Cell>
            ))}
          </div>
        ))}
        <div className="matrix-row matrix-x-axis" aria-hidden="true">
          <div className="matrix-axis" />
          {SCORES.map((f) => (
            <div key={f} className="matrix-axis">
              {f}
            </div>
          ))}
        </div>
      </div>
      <div className="matrix-x-label">{t('matrix.x')}</div>
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </div>
  )
  return doc ? (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      {grid}
    </DndContext>
  ) : (
    grid
  )
}
