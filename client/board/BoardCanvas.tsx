/**
 * One canvas (ニーズ, 地域の資源 or アクション) of one table: pan and zoom, KJ法 group frames, loose notes,
 * dragging with @dnd-kit (mouse, touch with a short press so taps and panning still work, keyboard).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  DndContext,
  getClientRect,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type ClientRect,
  type Collision,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core'
import type * as Y from 'yjs'
import { canvasView, type BoardSnapshot, type GroupView } from '../../shared/board.ts'
import { BANNER_BELOW, labelRoom, layoutGroup, NOTE_H, NOTE_W, type GroupLayout, type Size } from '../../shared/layout.ts'
import type { Canvas, Group, Note, Point } from '../../shared/schema.ts'
import { fitBox, useViewport, zoomAt } from './useViewport.ts'
import type { Focus } from '../../shared/control.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import { countingMovedAside, type MovedAside } from '../../shared/ops/place.ts'
import { applyDrop, type DragItem, type DropOutcome, type DropTarget } from './dropActions.ts'
import { BoardNote, farNote } from './BoardNote.tsx'
import { GroupFrame } from './GroupFrame.tsx'
import { EdgeHints } from './EdgeHints.tsx'
import { countBeyond, NONE_BEYOND, panToward, type Side } from './beyondView.ts'
import { t } from '../i18n.ts'
import { useAfterPaint } from '../sync/hooks.ts'
import { dndAnnouncements, dndScreenReaderInstructions } from './announcements.ts'

export interface RemoteDrag {
  item: string
  x: number
  y: number
  name: string
}

export interface BoardCanvasProps {
  doc: Y.Doc
  board: BoardSnapshot
  canvas: Canvas
  table: string
  origin: unknown
  readOnly?: boolean
  showAuthors?: boolean
  /** Fit the whole canvas into view whenever its content changes (projector, overview). */
  autoFit?: boolean
  remoteDrags?: RemoteDrag[]
  onOpenNote?: (note: Note) => void
  onRenameGroup?: (group: Group, title: string) => void
  /** グループを解く from the group's 表札 (the workspace asks first); none on screens that only show the board. */
  onDissolveGroup?: ((group: Group) => void) | undefined
  onDragPosition?: (drag: { item: string; x: number; y: number } | null) => void
  /** `movedAside`: notes the drop moved out of the way (a group frame made room). */
  onDrop?: (outcome: DropOutcome, movedAside?: MovedAside) => void
  linkCounts?: ReadonlyMap<string, number>
  /** Reports the part of the canvas on screen (the facilitator's, for みんなの画面を合わせる). */
  onFocusChange?: ((focus: Focus) => void) | undefined
  /** Show this part of the canvas (the projector following the facilitator); never below `minScale`. */
  focus?: (Focus & { key: string }) | null | undefined
  /**
   * The smallest zoom the canvas is fitted or a `focus` shown at (the projector's one canvas: note text stays
   * readable from the back of the hall). Without it 全体を表示 shows the whole canvas however small.
   */
  minScale?: number
  unsent?: ReadonlySet<string> | undefined
  /**
   * A note (just written on this device) or a group (asked for from elsewhere): once it is on this canvas, the
   * view moves to it if it is not whole in sight.
   */
  showItem?: string | null | undefined
  /** Called once `showItem` has been seen to (a canvas drawn again later does not move to it again). */
  onItemShown?: (() => void) | undefined
  /** What an empty canvas says (個人ワーク: the board fills when the notes are revealed). */
  emptyText?: MessageKey | undefined
  /** This person's dots per note, and published vote totals per note. */
  myDots?: Record<string, number> | undefined
  /** Of `myDots`, those placed on this device that the server has not taken yet (未送信). */
  myUnsentDots?: Record<string, number> | undefined
  totals?: Record<string, number> | undefined
  /** Notes and groups (`note:{id}`, `group:{id}`) like the one being dragged, drawn highlighted. */
  highlight?: ReadonlySet<string> | undefined
  onDragStartItem?: ((item: string) => void) | undefined
  onDragEndItem?: (() => void) | undefined
}

interface Placed {
  /** World position of each note and group as drawn. */
  notes: Map<string, Point>
  groups: Map<string, Point>
  bounds: { x: number; y: number; w: number; h: number }
}

/** Room left between the box's edge and what the view is put at (the content's top-left, a large frame's). */
const VIEW_MARGIN = 24

/** On a tablet, the view starts at full size (note text stays ≥ 20 px) from the top-left of the content. */
const startView = (bounds: Placed['bounds']) => ({ x: VIEW_MARGIN - bounds.x, y: VIEW_MARGIN - bounds.y, scale: 1 })

function place(view: ReturnType<typeof canvasView>, layouts: Map<string, GroupLayout>): Placed {
  const notes = new Map<string, Point>()
  const groups = new Map<string, Point>()
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const grow = (x: number, y: number, w: number, h: number) => {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x + w)
    maxY = Math.max(maxY, y + h)
  }
  const placeGroup = (gv: GroupView, at: Point, layout: GroupLayout) => {
    groups.set(gv.group.id, at)
    gv.notes.forEach((n, i) => notes.set(n.id, { x: at.x + layout.notes[i]!.x, y: at.y + layout.notes[i]!.y }))
    gv.children.forEach((child, i) => {
      const c = layout.children[i]!
      placeGroup(child, { x: at.x + c.offset.x, y: at.y + c.offset.y }, c.layout)
    })
  }
  for (const gv of view.groups) {
    const layout = layouts.get(gv.group.id)!
    placeGroup(gv, gv.group.pos, layout)
    grow(gv.group.pos.x, gv.group.pos.y, layout.w, layout.h)
  }
  for (const note of view.loose) {
    notes.set(note.id, note.pos)
    grow(note.pos.x, note.pos.y, NOTE_W, NOTE_H)
  }
  const bounds = Number.isFinite(minX) ? { x: minX, y: minY, w: maxX - minX, h: maxY - minY } : { x: 0, y: 0, w: 0, h: 0 }
  return { notes, groups, bounds }
}

/** A group's votes: the dots on its notes and its 小グループ' notes. */
function groupTotal(gv: GroupView, totals: Record<string, number> | undefined): number {
  if (!totals) return 0
  return gv.notes.reduce((sum, n) => sum + (totals[n.id] ?? 0), 0) + gv.children.reduce((sum, c) => sum + groupTotal(c, totals), 0)
}

interface PlainRect {
  left: number
  top: number
  right: number
  bottom: number
  area: number
}

/**
 * Number copies of dnd-kit's droppable rects, made once per measured rect: its rects read every
 * scrollable ancestor's scroll offset on each access, which over a thousand notes took a third of each
 * drag frame (bench B5). dnd-kit measures again (new rect objects) when something scrolls.
 */
const plainRects = new WeakMap<ClientRect, PlainRect>()
function plain(rect: ClientRect): PlainRect {
  let copy = plainRects.get(rect)
  if (!copy) {
    copy = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, area: rect.width * rect.height }
    plainRects.set(rect, copy)
  }
  return copy
}

/**
 * Among the droppables under the pointer, the smallest one that is not the dragged item itself (a
 * group can only go into a group); between equal sizes, the one whose corners are nearest the pointer
 * (as dnd-kit's pointerWithin sorts).
 */
const collision: CollisionDetection = ({ active, droppableContainers, droppableRects, pointerCoordinates }) => {
  if (!pointerCoordinates) return []
  const { x, y } = pointerCoordinates
  const activeId = String(active.id)
  const activeIsGroup = activeId.startsWith('group:')
  let best: { collision: Collision; area: number; distance: number } | null = null
  for (const container of droppableContainers) {
    const id = String(container.id)
    if (id === `drop-${activeId}` || (activeIsGroup && !id.startsWith('drop-group:'))) continue
    const rect = droppableRects.get(container.id)
    if (!rect) continue
    const r = plain(rect)
    if (x < r.left || x > r.right || y < r.top || y > r.bottom) continue
    if (best && r.area > best.area) continue
    const distance = [r.left, r.right].reduce((sum, cx) => sum + Math.hypot(cx - x, r.top - y) + Math.hypot(cx - x, r.bottom - y), 0) / 4
    if (best && r.area === best.area && distance >= best.distance) continue
    best = { collision: { id: container.id, data: { droppableContainer: container, value: distance } }, area: r.area, distance }
  }
  return best ? [best.collision] : []
}

const outside = (p: { x: number; y: number }, r: DOMRect) => p.x < r.left || p.x > r.right || p.y < r.top || p.y > r.bottom

/** Where the finger or mouse pressed to start a drag (none for the keyboard). */
function pressedAt(event: Event | null): { x: number; y: number } | null {
  const point = typeof TouchEvent !== 'undefined' && event instanceof TouchEvent ? (event.touches[0] ?? event.changedTouches[0]) : event instanceof MouseEvent ? event : null
  return point ? { x: point.clientX, y: point.clientY } : null
}

/**
 * Sensor options that keep their identity: new ones on each render give dnd-kit new activators, which
 * re-render every note on the canvas (on every frame of a drag, as the canvas re-renders; bench B5).
 */
const MOUSE = { activationConstraint: { distance: 6 } }
const TOUCH = { activationConstraint: { delay: 150, tolerance: 8 } }

/**
 * Drop targets measured where they are drawn. dnd-kit's default leaves out an element's own transform,
 * and a note or group frame is placed by its own `translate(x, y)`: every target was measured at the
 * world's corner, so a note dropped on a note anywhere else only moved on top of it (no group), and a
 * drop near the corner could join a note or group drawn somewhere else.
 */
const MEASURING = { droppable: { measure: getClientRect } }

/**
 * The part of the world drawn whole: the view and half a screen around it, in steps of NEAR_STEP world
 * pixels so that panning changes it only now and then. Notes outside are far notes (bench B5). Until the
 * canvas's first frame is painted, only the view itself: the notes around it follow a moment later.
 */
const NEAR_STEP = 400
/** A note's size for the far notes' style sheet rule (set once on the world, not on each note). */
const NOTE_SIZE = { '--note-w': `${NOTE_W}px`, '--note-h': `${NOTE_H}px` } as React.CSSProperties
function nearArea(view: { x: number; y: number; scale: number }, width: number, height: number, around: boolean) {
  const left = -view.x / view.scale
  const top = -view.y / view.scale
  const right = left + width / view.scale
  const bottom = top + height / view.scale
  if (!around) return { left, top, right, bottom }
  const margin = Math.max(width, height) / 2 / view.scale
  return {
    left: Math.floor((left - margin) / NEAR_STEP) * NEAR_STEP,
    top: Math.floor((top - margin) / NEAR_STEP) * NEAR_STEP,
    right: Math.ceil((right + margin) / NEAR_STEP) * NEAR_STEP,
    bottom: Math.ceil((bottom + margin) / NEAR_STEP) * NEAR_STEP,
  }
}

/**
 * Zoomed out below this, a note's text (20 px) is under 5 px on screen: every note is drawn as a far note, a card of
 * its colour (the groups' 表札 are shown large from BANNER_BELOW on). 全体を表示 on a board of a thousand notes
 * otherwise drew all of them whole at once (1.6 s of a 4× throttled tablet). A tap on a card zooms in on it.
 */
const TINY_BELOW = 0.25

export function BoardCanvas(props: BoardCanvasProps) {
  const { doc, board, canvas, table, origin, readOnly = false, showAuthors = true, autoFit = false, remoteDrags = [], linkCounts, myDots, totals, unsent } = props
  const view = useMemo(() => canvasView(board, canvas, table), [board, canvas, table])
  const layouts = useMemo(() => {
    const map = new Map<string, GroupLayout>()
    for (const gv of view.groups) map.set(gv.group.id, layoutGroup(gv))
    return map
  }, [view])
  const placed = useMemo(() => place(view, layouts), [view, layouts])
  // The room each top-level group's zoomed-out label has around its frame (up to the nearest frame or loose note):
  // on a small canvas (the projector's 3つ並べる at 720p, the tables overview) wide labels covered each other.
  const labelRooms = useMemo(() => {
    const frames = view.groups.map((gv) => ({ id: gv.group.id, x: gv.group.pos.x, y: gv.group.pos.y, w: layouts.get(gv.group.id)!.w, h: layouts.get(gv.group.id)!.h }))
    const all = [...frames, ...view.loose.map((n) => ({ x: n.pos.x, y: n.pos.y, w: NOTE_W, h: NOTE_H }))]
    return new Map<string, Size>(frames.map((f) => [f.id, labelRoom(f, all)]))
  }, [view, layouts])
  // A tablet's canvas that has its notes when it mounts starts where showFromStart would put it: set in a
  // layout effect instead, the view had React draw every note a second time before the first frame (bench B5).
  const startsFilled = !autoFit && placed.bounds.w > 0
  const { view: viewport, setView, handlers, wheelRef, setLocked } = useViewport(startsFilled ? startView(placed.bounds) : undefined)
  const box = useRef<HTMLDivElement | null>(null)
  const zoomControls = useRef<HTMLDivElement | null>(null)
  // A stable ref callback, so the wheel listener is attached once per element, not on every render.
  const setBox = useCallback(
    (el: HTMLDivElement | null) => {
      box.current = el
      wheelRef(el)
    },
    [wheelRef],
  )
  const [dragging, setDragging] = useState<string | null>(null)
  // The canvas's box on screen while something is dragged: a finger lifted outside it (over the tabs,
  // the step's text, the header) drops nothing: notes drawn under those parts are out of sight.
  const dragBox = useRef<DOMRect | null>(null)
  const detect = useCallback<CollisionDetection>((args) => (args.pointerCoordinates && dragBox.current && outside(args.pointerCoordinates, dragBox.current) ? [] : collision(args)), [])
  // One callback for every note for the canvas's lifetime, so that memoised notes stay put on re-render.
  const onOpenNote = useRef(props.onOpenNote)
  onOpenNote.current = props.onOpenNote
  const openNote = useCallback((note: Note) => onOpenNote.current?.(note), [])
  const lastSent = useRef(0)
  const fitted = useRef(startsFilled)

  const sensors = useSensors(useSensor(MouseSensor, MOUSE), useSensor(TouchSensor, TOUCH), useSensor(KeyboardSensor))

  const fit = () => {
    const el = box.current
    if (!el) return
    const b = placed.bounds
    // 全体を表示 shows everything in sight: the zoom buttons float over the box's bottom right, so the notes
    // are fitted above them (a height-bound canvas put its last row's notes under the buttons).
    const buttons = zoomControls.current
    const under = buttons ? Math.max(0, el.getBoundingClientRect().bottom - buttons.getBoundingClientRect().top) : 0
    const fitted = b.w > 0 ? fitBox(b, el.clientWidth, Math.max(el.clientHeight / 2, el.clientHeight - under)) : { x: 0, y: 0, scale: 1 }
    // However small that makes it (see fitBox), except where the page sets a floor: the projector's one canvas,
    // read from the back of the hall (DESIGN.md). Readable beats complete there: below the floor, the start
    // of the canvas at the floor (3つ並べる and a shared view show the rest).
    const min = props.minScale ?? 0
    setView(fitted.scale >= min ? fitted : { scale: min, x: 24 - b.x * min, y: 24 - b.y * min })
  }

  const showFromStart = () => {
    if (box.current) setView(startView(placed.bounds))
  }

  // The box's size decides which notes are near; a fitted canvas (projector, overview) fits again when it changes.
  const [boxSize, setBoxSize] = useState({ width: 0, height: 0 })
  useEffect(() => {
    const el = box.current
    if (!el || typeof ResizeObserver === 'undefined') return undefined
    const observer = new ResizeObserver(() => setBoxSize((size) => (size.width === el.clientWidth && size.height === el.clientHeight ? size : { width: el.clientWidth, height: el.clientHeight })))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  // A slow tablet's first frame is the notes on screen, drawn whole; the ones around follow after it, in slices.
  const painted = useAfterPaint(true, true)
  // Before the box is measured, the window stands in for it: its size read once, on the first render. Read
  // on the next one (right after the notes are put in the page), it would lay out all of them there and
  // then, and again for the frame (bench B5: ~190 ms of a throttled tablet's join).
  const [windowSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }))
  const near = nearArea(viewport, boxSize.width || windowSize.width, boxSize.height || windowSize.height, painted)
  const tiny = viewport.scale < TINY_BELOW
  const isNear = (at: Point | undefined) => !!at && at.x + NOTE_W >= near.left && at.x <= near.right && at.y + NOTE_H >= near.top && at.y <= near.bottom

  // The notes out of sight beyond each side, for the pills at the box's edges. None while something is dragged:
  // the view is locked then, and the canvas re-renders on every frame of the drag (bench B5).
  const beyond = useMemo(() => (dragging ? NONE_BEYOND : countBeyond(placed.notes.values(), viewport, boxSize.width, boxSize.height)), [dragging, placed, viewport, boxSize])
  const showBeyond = (side: Side) => setView((v) => panToward(side, placed.notes.values(), v, boxSize.width, boxSize.height))

  // A far note reached with Tab, or tapped: bring it into view, where it is drawn whole, and give it the focus.
  // Zoomed far out, the view zooms in on it to full size.
  const placedRef = useRef(placed)
  placedRef.current = placed
  const tinyRef = useRef(tiny)
  tinyRef.current = tiny
  const [reached, setReached] = useState<string | null>(null)
  const reach = useCallback(
    (id: string) => {
      const el = box.current
      const at = placedRef.current.notes.get(id)
      // A fitted canvas (the projector, the tables overview) has no way back from a zoom: its card stays a card.
      if (!el || !at || (autoFit && tinyRef.current)) return
      setView((v) => {
        const scale = v.scale < TINY_BELOW ? 1 : v.scale
        return { scale, x: el.clientWidth / 2 - (at.x + NOTE_W / 2) * scale, y: el.clientHeight / 2 - (at.y + NOTE_H / 2) * scale }
      })
      setReached(id)
    },
    [setView, autoFit],
  )
  // The note with the keyboard focus stays whole wherever the view goes (zoom, a move from elsewhere), except
  // zoomed far out (below).
  const [focused, setFocused] = useState<string | null>(null)
  const onFocusIn = (e: React.FocusEvent) => {
    const note = (e.target as HTMLElement).closest<HTMLElement>('[data-note-id]')
    setFocused(note?.dataset.noteId ?? null)
    // Zoomed far out, Tab goes from card to card over the whole board; Enter (below) or a tap zooms in on one.
    if (note?.classList.contains('board-note-far') && !tiny) reach(note.dataset.noteId!)
  }
  const onKeyDownFar = (e: React.KeyboardEvent) => {
    const far = (e.target as HTMLElement).closest<HTMLElement>('.board-note-far')
    if (!far || (e.key !== 'Enter' && e.key !== ' ') || e.nativeEvent.isComposing) return
    e.preventDefault()
    reach(far.dataset.noteId!)
  }
  const onFocusOut = (e: React.FocusEvent) => {
    if (!e.relatedTarget || !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) setFocused(null)
  }
  // A click on a far note (assistive technology can click without moving the focus first).
  const onClickFar = (e: React.MouseEvent) => {
    const far = (e.target as HTMLElement).closest<HTMLElement>('.board-note-far')
    if (far) reach(far.dataset.noteId!)
  }
  useEffect(() => {
    if (reached) setReached(null)
  }, [reached])

  // A new note goes to the first free place in the open (shared/ops/place.ts), which may be out of the view
  // (panned, or below the rows on screen): a resident who does not see the note thinks it is lost.
  const shownItem = useRef<string | null>(null)
  const showItem = props.showItem
  useLayoutEffect(() => {
    const el = box.current
    // Once the request is over (the page cleared it), the same note may be asked for again: the note just
    // written, then moved out of a frame's way and asked for from the toast.
    if (!showItem) {
      shownItem.current = null
      return
    }
    const at = placed.notes.get(showItem) ?? placed.groups.get(showItem)
    if (shownItem.current === showItem || !el || !at) return
    shownItem.current = showItem
    props.onItemShown?.()
    // A group's frame as drawn (a 小グループ's inside its parent's: its corner, as large as a note).
    const size = placed.notes.has(showItem) ? { w: NOTE_W, h: NOTE_H } : (layouts.get(showItem) ?? { w: NOTE_W, h: NOTE_H })
    const { x, y, scale } = viewport
    const left = at.x * scale + x
    const top = at.y * scale + y
    if (left >= 0 && top >= 0 && left + size.w * scale <= el.clientWidth && top + size.h * scale <= el.clientHeight) return
    // Centred; a frame larger than the view shows its top-left corner, the 表札, with a margin.
    const along = (start: number, length: number, room: number, s: number) => (length * s <= room ? room / 2 - (start + length / 2) * s : VIEW_MARGIN - start * s)
    setView((v) => ({ ...v, x: along(at.x, size.w, el.clientWidth, v.scale), y: along(at.y, size.h, el.clientHeight, v.scale) }))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [showItem, placed])

  useEffect(() => {
    const el = box.current
    if (!el || !props.onFocusChange) return
    props.onFocusChange({ cx: (el.clientWidth / 2 - viewport.x) / viewport.scale, cy: (el.clientHeight / 2 - viewport.y) / viewport.scale, width: el.clientWidth / viewport.scale })
  }, [viewport, props.onFocusChange])

  const focus = props.focus
  // Layout effects: the view is set before the canvas is painted, so a projector switching canvas never
  // shows a frame at the wrong size first.
  useLayoutEffect(() => {
    const el = box.current
    if (!el || !focus) return
    const scale = Math.max(props.minScale ?? 0, Math.min(2.5, el.clientWidth / focus.width))
    setView({ scale, x: el.clientWidth / 2 - focus.cx * scale, y: el.clientHeight / 2 - focus.cy * scale })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.key, boxSize])

  useLayoutEffect(() => {
    if (autoFit && !focus) fit()
    else if (!fitted.current && placed.bounds.w > 0) {
      fitted.current = true
      showFromStart()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoFit ? placed.bounds : null, autoFit, boxSize])

  const itemOf = (id: string): DragItem | null => {
    const [kind, key] = id.split(/:(.*)/s) as [string, string]
    if (kind === 'note') {
      const note = board.notes.find((n) => n.id === key)
      return note ? { kind: 'note', note } : null
    }
    const group = board.groups.find((g) => g.id === key)
    return group ? { kind: 'group', group, hasChildren: board.groups.some((g) => g.parentId === group.id) } : null
  }

  const targetOf = (id: string | undefined): DropTarget => {
    if (!id) return null
    const item = itemOf(id.replace(/^drop-/, ''))
    if (!item) return null
    return item.kind === 'note' ? { kind: 'note', note: item.note } : { kind: 'group', group: item.group }
  }

  const worldPosOf = (id: string): Point | undefined => {
    const [kind, key] = id.split(/:(.*)/s) as [string, string]
    return kind === 'note' ? placed.notes.get(key) : placed.groups.get(key)
  }

  const onDragStart = (e: DragStartEvent) => {
    dragBox.current = box.current?.getBoundingClientRect() ?? null
    setDragging(String(e.active.id))
    setLocked(true)
    if (!readOnly) props.onDragStartItem?.(String(e.active.id))
  }

  const onDragMove = (e: DragMoveEvent) => {
    const now = performance.now()
    // Others see the note move, at most 10 times a second.
    if (now - lastSent.current < 100) return
    lastSent.current = now
    const start = worldPosOf(String(e.active.id))
    if (start) props.onDragPosition?.({ item: String(e.active.id), x: Math.round(start.x + e.delta.x / viewport.scale), y: Math.round(start.y + e.delta.y / viewport.scale) })
  }

  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null)
    setLocked(false)
    props.onDragEndItem?.()
    props.onDragPosition?.(null)
    const id = String(e.active.id)
    const item = itemOf(id)
    const start = worldPosOf(id)
    if (readOnly) return
    // Deleted (or hidden) by someone else while this finger held it: said, not left to vanish unexplained.
    if (!item || !start) return props.onDrop?.(id.startsWith('group:') ? 'goneGroup' : 'gone')
    // Released outside the canvas: the note (or group) stays where it was instead of going out of sight.
    const lifted = pressedAt(e.activatorEvent)
    if (lifted && dragBox.current && outside({ x: lifted.x + e.delta.x, y: lifted.y + e.delta.y }, dragBox.current)) {
      props.onDrop?.('outside')
      return
    }
    const pos = { x: start.x + e.delta.x / viewport.scale, y: start.y + e.delta.y / viewport.scale }
    // One transaction: a group frame made, grown or moved makes room, and says which notes it moved.
    const { result: outcome, movedAside } = countingMovedAside(doc, origin, () => applyDrop(doc, origin, item, targetOf(e.over ? String(e.over.id) : undefined), pos))
    props.onDrop?.(outcome, movedAside)
  }

  /** Zoomed far out, a tap on a group's 表札 (a few pixels there) zooms in on the group instead of opening the field. */
  const zoomInOn = (at: Point, size: Size) => {
    const el = box.current
    if (el) setView({ scale: 1, x: VIEW_MARGIN - at.x, y: Math.max(VIEW_MARGIN - at.y, el.clientHeight / 2 - (at.y + size.h / 2)) })
  }

  /** ＋ and −: a quarter per press near full size; from far out (the whole board) ＋ doubles, so that the notes are
   * readable again in two or three presses, not seven. */
  const zoomBy = (factor: number) => {
    const el = box.current
    if (el) setView((v) => zoomAt(v, factor > 1 && v.scale < BANNER_BELOW ? Math.max(factor, 2) : factor, el.clientWidth / 2, el.clientHeight / 2))
  }

  /** `whole`: drawn whole wherever it is (a note of a group being dragged). */
  const renderNote = (note: Note, at: Point, whole = false) =>
    // Zoomed far out, even the note with the focus (its card keeps it; drawn whole, it would be a new element).
    !whole && dragging !== `note:${note.id}` && (tiny || (!isNear(placed.notes.get(note.id)) && focused !== note.id)) ? (
      farNote(note, at, showAuthors)
    ) : (
      <BoardNote
        key={note.id}
        note={note}
        at={at}
        readOnly={readOnly}
        showAuthor={showAuthors}
        dragging={dragging === `note:${note.id}`}
        similar={props.highlight?.has(`note:${note.id}`) ?? false}
        scale={viewport.scale}
        linkCount={linkCounts?.get(`note:${note.id}`) ?? 0}
        dots={myDots?.[note.id] ?? 0}
        unsentDots={props.myUnsentDots?.[note.id] ?? 0}
        total={totals?.[note.id] ?? 0}
        likes={board.likes[note.id]?.length ?? 0}
        unsent={unsent?.has(note.id) ?? false}
        onOpen={openNote}
        autoFocus={reached === note.id}
      />
    )

  const renderGroup = (gv: GroupView, layout: GroupLayout, at: Point, nested: boolean, moving = false) => {
    const whole = moving || dragging === `group:${gv.group.id}`
    return (
      <GroupFrame
        key={gv.group.id}
        group={gv.group}
        size={layout}
        at={at}
        nested={nested}
        readOnly={readOnly}
        dragging={dragging === `group:${gv.group.id}`}
        similar={props.highlight?.has(`group:${gv.group.id}`) ?? false}
        scale={viewport.scale}
        linkCount={linkCounts?.get(`group:${gv.group.id}`) ?? 0}
        total={groupTotal(gv, totals)}
        onRename={(title) => props.onRenameGroup?.(gv.group, title)}
        onDissolve={props.onDissolveGroup && (() => props.onDissolveGroup?.(gv.group))}
        labelRoom={nested ? undefined : labelRooms.get(gv.group.id)}
        onZoomIn={tiny && !autoFit ? () => zoomInOn(placed.groups.get(gv.group.id) ?? at, layout) : undefined}
      >
        {gv.notes.map((note, i) => renderNote(note, layout.notes[i]!, whole))}
        {gv.children.map((child, i) => renderGroup(child, layout.children[i]!.layout, layout.children[i]!.offset, true, whole))}
      </GroupFrame>
    )
  }

  return (
    <div className="board-canvas" data-testid={`canvas.${canvas}`} data-canvas={canvas}>
      <div
        ref={setBox}
        className="board-viewport"
        {...handlers}
        // The browser scrolls the box to whatever gets the focus; the view moves by transform only.
        onScroll={(e) => e.currentTarget.scrollTo(0, 0)}
        role="region"
        aria-label={t(`canvas.${canvas}`)}
      >
        <DndContext
          sensors={sensors}
          collisionDetection={detect}
          measuring={MEASURING}
          // The view pans by transform, never by scrolling; dnd-kit's auto-scroll would read the page's
          // scroll sizes on every frame of a drag, each read a forced layout (bench B5).
          autoScroll={false}
          onDragStart={onDragStart}
          onDragMove={onDragMove}
          onDragEnd={onDragEnd}
          onDragCancel={() => {
            setDragging(null)
            setLocked(false)
            props.onDragEndItem?.()
            props.onDragPosition?.(null)
          }}
          accessibility={{ announcements: dndAnnouncements, screenReaderInstructions: dndScreenReaderInstructions }}
        >
          <div className={tiny ? 'board-world is-tiny' : 'board-world'} style={{ transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.scale})`, ...NOTE_SIZE, '--zoom-out': Math.max(1, 1 / viewport.scale) } as React.CSSProperties} onFocus={onFocusIn} onBlur={onFocusOut} onClick={onClickFar} onKeyDown={onKeyDownFar}>
            {view.groups.map((gv) => renderGroup(gv, layouts.get(gv.group.id)!, gv.group.pos, false))}
            {view.loose.map((note) => renderNote(note, note.pos))}
            {remoteDrags.map((d) => (
              <div key={d.item + d.name} className="remote-drag" style={{ transform: `translate(${d.x}px, ${d.y}px)` }} aria-hidden="true">
                {t('board.movedBy', { name: d.name || t('participant.anonymous') })}
              </div>
            ))}
          </div>
        </DndContext>
        {view.groups.length === 0 && view.loose.length === 0 && <p className="board-empty">{t(props.emptyText ?? 'participant.empty')}</p>}
      </div>
      {/* Outside the viewport box, so a press on a pill is not taken for the start of a pan. */}
      <EdgeHints beyond={beyond} onShow={autoFit ? undefined : showBeyond} />
      {!autoFit && (
        <div ref={zoomControls} className="zoom-controls" role="group" aria-label={t('board.zoom')}>
          <button type="button" className="button button-secondary" onClick={() => zoomBy(1.25)} aria-label={t('board.zoomIn')}>
            ＋
          </button>
          <button type="button" className="button button-secondary" onClick={() => zoomBy(0.8)} aria-label={t('board.zoomOut')}>
            −
          </button>
          <button type="button" className="button button-secondary" onClick={fit} data-testid="board.fit">
            {t('board.fit')}
          </button>
        </div>
      )}
    </div>
  )
}
