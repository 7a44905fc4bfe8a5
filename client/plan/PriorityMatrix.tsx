import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { DndContext, MouseSensor, TouchSensor, useDraggable, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from '@dnd-kit/core'
import type * as Y from 'yjs'
import { isRated, SCORE_MAX, SCORE_MIDDLE, SCORE_MIN, unratePlanItem, updatePlanItem, type PlanItem } from '../../shared/plan.ts'
import { t } from '../i18n.ts'

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i)
const clamp = (n: number) => Math.min(SCORE_MAX, Math.max(SCORE_MIN, n))
const cellId = (impact: number, feasibility: number) => `cell:${impact}:${feasibility}`
/** The 未評価 tray as a drop target: a card dropped there loses both scores. */
const TRAY_ID = 'tray'

interface Props {
  items: PlanItem[]
  agree: Record<string, number>
  /** Without a document the matrix is read-only (projector, tablets, print). */
  doc?: Y.Doc | undefined
  onOpen?: ((id: string) => void) | undefined
  size?: 'normal' | 'large'
  /**
   * The projector: every cell (and the 未評価 tray) shows its titles on up to four lines where they fit, one
   * line each where crowded, and counts the rest (ほか N件) — a wall is not scrolled, and a cell spilling over
   * its neighbours is unreadable.
   */
  fit?: boolean
}

/** The most lines a card's title takes on the projector, where its cell has the room. */
const MOST_LINES = 4

/**
 * What fits in the box: every card with its title on up to four lines, then three, two, one, then one card
 * fewer at a time until the box no longer overflows (the cards and the ほか N件 line are the box's children).
 * A cell holding one or two items shows their whole titles; a crowded one lists one line each and counts
 * the rest. Measured again whenever the box's height or the cards (`key`) change.
 */
function useFit(enabled: boolean, box: RefObject<HTMLElement | null>, total: number, key: string): { shown: number; lines: number } {
  const [room, setRoom] = useState(0)
  useLayoutEffect(() => {
    const el = box.current
    if (!enabled || !el) return undefined
    const observer = new ResizeObserver(() => setRoom(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [enabled, box])
  const full = `${room}|${total}|${key}`
  // step 0 to 3: every card, on 4 to 1 lines; step 3 + k: k cards fewer, on one line.
  const [fitted, setFitted] = useState({ key: full, step: 0 })
  if (fitted.key !== full) setFitted({ key: full, step: 0 })
  const last = MOST_LINES - 1 + total
  const step = enabled ? Math.min(fitted.step, last) : 0
  useLayoutEffect(() => {
    const el = box.current
    if (!enabled || !el || step >= last) return
    if (el.scrollHeight > el.clientHeight + 1) setFitted({ key: full, step: step + 1 })
  }, [enabled, box, full, step, last])
  if (!enabled) return { shown: total, lines: MOST_LINES }
  return { shown: total - Math.max(0, step - (MOST_LINES - 1)), lines: Math.max(1, MOST_LINES - step) }
}

function Card({ item, agree, movable, onMove, onOpen }: { item: PlanItem; agree: number; movable: boolean; onMove: (impact: number, feasibility: number) => void; onOpen?: (() => void) | undefined }) {
  const drag = useDraggable({ id: item.id, disabled: !movable })
  const title = item.title || t('plan.untitled')
  /**
   * Arrow keys move the card one cell: up and down change 波及効果, left and right 実現可能性. An unrated card
   * moves from the middle of the matrix, as setting one axis sets the other to the middle.
   */
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] }
    const move = moves[e.key]
    if (move) {
      e.preventDefault()
      onMove(clamp((item.impact ?? SCORE_MIDDLE) + move[0]), clamp((item.feasibility ?? SCORE_MIDDLE) + move[1]))
    } else if (e.key === 'Enter' && onOpen) onOpen()
  }
  const where = isRated(item) ? t('matrix.cell', { impact: item.impact, feasibility: item.feasibility }) : t('plan.unrated')
  const style = drag.transform ? { transform: `translate(${drag.transform.x}px, ${drag.transform.y}px)` } : undefined
  return (
    <div
      ref={drag.setNodeRef}
      className={`matrix-card status-${item.status}${drag.isDragging ? ' is-dragging' : ''}`}
      style={style}
      data-testid="matrix.card"
      data-item-id={item.id}
      {...(movable ? { ...drag.listeners, ...drag.attributes, onKeyDown, 'aria-roledescription': t('matrix.itemRole'), 'aria-label': `${title}（${where}）` } : {})}
      onDoubleClick={onOpen}
    >
      <span className="matrix-card-title">{title}</span>
      {agree > 0 && <span className="matrix-card-agree">{t('plan.agreeCount', { n: agree })}</span>}
    </div>
  )
}

/** The ほか N件 line under the cards that fit. */
const Rest = ({ n }: { n: number }) =>
  n > 0 ? (
    <p className="matrix-rest" data-testid="matrix.rest">
      {t('matrix.rest', { n })}
    </p>
  ) : null

function Cell({ impact, feasibility, fit, cards }: { impact: number; feasibility: number; fit: boolean; cards: Array<{ id: string; node: ReactNode }> }) {
  const drop = useDroppable({ id: cellId(impact, feasibility) })
  const box = useRef<HTMLDivElement | null>(null)
  const { shown, lines } = useFit(fit, box, cards.length, cards.map((c) => c.id).join(','))
  return (
    <div
      style={fit ? ({ '--lines': lines } as CSSProperties) : undefined}
      ref={(el) => {
        drop.setNodeRef(el)
        box.current = el
      }}
      className={`matrix-cell${drop.isOver ? ' is-over' : ''}`}
      role="group"
      aria-label={t('matrix.cell', { impact, feasibility })}
      data-testid={`matrix.cell.${impact}.${feasibility}`}
    >
      {cards.slice(0, shown).map((c) => c.node)}
      <Rest n={cards.length - shown} />
    </div>
  )
}

/**
 * 未評価: the items with no scores yet, beside the matrix, never in a cell as if the meeting had rated them.
 * Where the matrix can be changed, a card dropped here goes back to 未評価.
 */
function Tray({ fit, movable, cards }: { fit: boolean; movable: boolean; cards: Array<{ id: string; node: ReactNode }> }) {
  const list = useRef<HTMLDivElement | null>(null)
  const drop = useDroppable({ id: TRAY_ID, disabled: !movable })
  const { shown, lines } = useFit(fit, list, cards.length, cards.map((c) => c.id).join(','))
  return (
    <section ref={drop.setNodeRef} className={`matrix-tray${movable ? ' matrix-tray-drop' : ''}${drop.isOver ? ' is-over' : ''}`} aria-labelledby="matrix-tray-title" data-testid="matrix.unrated">
      <h3 id="matrix-tray-title" className="matrix-tray-title">
        {t('matrix.unrated', { n: cards.length })}
      </h3>
      {movable && <p className="matrix-tray-hint">{t('matrix.unratedHint')}</p>}
      <div ref={list} className="matrix-tray-list" style={fit ? ({ '--lines': lines } as CSSProperties) : undefined}>
        {cards.slice(0, shown).map((c) => c.node)}
        <Rest n={cards.length - shown} />
      </div>
    </section>
  )
}

/** 優先度マトリクス: 波及効果 up, 実現可能性 right. Dragging a card (or arrow keys) changes its two scores. */
export function PriorityMatrix({ items, agree, doc, onOpen, size = 'normal', fit = false }: Props) {
  const [said, setSaid] = useState('')
  /** The card just moved with the keyboard: it is drawn anew in its new cell, and keeps the focus there. */
  const [keyMoved, setKeyMoved] = useState<{ id: string; cell: string } | null>(null)
  const root = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    if (!keyMoved) return
    const el = root.current?.querySelector<HTMLElement>(`[data-testid="${keyMoved.cell}"] [data-item-id="${CSS.escape(keyMoved.id)}"]`)
    if (!el) return
    el.focus()
    setKeyMoved(null)
  }, [keyMoved, items])
  const sensors = useSensors(useSensor(MouseSensor, { activationConstraint: { distance: 6 } }), useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 8 } }))
  const move = (item: PlanItem, impact: number, feasibility: number) => {
    if (!doc || (impact === item.impact && feasibility === item.feasibility)) return
    updatePlanItem(doc, item.id, { impact, feasibility })
    setSaid(t('matrix.moved', { title: item.title || t('plan.untitled'), impact, feasibility }))
  }
  const unrate = (item: PlanItem) => {
    if (!doc || !isRated(item)) return
    unratePlanItem(doc, item.id)
    setSaid(t('matrix.unratedMoved', { title: item.title || t('plan.untitled') }))
  }
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = items.find((i) => i.id === active.id)
    const match = over ? /^cell:(\d):(\d)$/.exec(String(over.id)) : null
    if (item && over?.id === TRAY_ID) unrate(item)
    else if (item && match) move(item, Number(match[1]), Number(match[2]))
  }
  // What a screen reader hears while a card is dragged, in the page's language (dnd-kit's own are English, with the
  // cards' ids); where it went is said by the status below, as for the keyboard's moves.
  const titleOf = (id: UniqueIdentifier) => `「${items.find((i) => i.id === id)?.title || t('plan.untitled')}」`
  const placeOf = (id: UniqueIdentifier) => {
    const match = /^cell:(\d):(\d)$/.exec(String(id))
    return match ? t('matrix.cell', { impact: Number(match[1]), feasibility: Number(match[2]) }) : t('matrix.tray')
  }
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('matrix.dnd.start', { title: titleOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('matrix.dnd.over', { title: titleOf(active.id), place: placeOf(over.id) }) : undefined),
    onDragEnd: () => undefined,
    onDragCancel: ({ active }) => t('matrix.dnd.cancel', { title: titleOf(active.id) }),
  }
  const card = (item: PlanItem) => ({
    id: item.id,
    node: (
      <Card
        key={item.id}
        item={item}
        agree={agree[item.id] ?? 0}
        movable={Boolean(doc)}
        onMove={(a, b) => {
          move(item, a, b)
          setKeyMoved({ id: item.id, cell: `matrix.cell.${a}.${b}` })
        }}
        onOpen={onOpen ? () => onOpen(item.id) : undefined}
      />
    ),
  })
  const unrated = items.filter((i) => !isRated(i))
  const grid = (
    <div ref={root} className={`matrix-frame matrix-frame-${size}${fit ? ' matrix-fit' : ''}`}>
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
                <Cell key={feasibility} impact={impact} feasibility={feasibility} fit={fit} cards={items.filter((i) => i.impact === impact && i.feasibility === feasibility).map(card)} />
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
      {/* Always there where cards move, empty or not, so a rated card can be dropped back on it. */}
      {(unrated.length > 0 || doc) && <Tray fit={fit} movable={Boolean(doc)} cards={unrated.map(card)} />}
    </div>
  )
  return doc ? (
    <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('matrix.hint') } }}>
      {grid}
    </DndContext>
  ) : (
    grid
  )
}
