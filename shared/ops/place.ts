/**
 * Places on a canvas of a table.
 *
 * - Where a note goes when nobody put it anywhere (written on a tablet, revealed from 個人ワーク, brought to
 *   the 全体 table): the first free place, row by row in a grid three notes wide from the canvas's top-left,
 *   that overlaps no group frame and no loose note there. Before, a new note went to the next place in a
 *   grid by count, on top of whatever group a table had already made there.
 * - Room for a group frame where it is placed (made, grown, moved, renamed wider, gathered): the loose notes
 *   and other groups it would cover move out, right or down, to the nearest free place. Before, a frame
 *   made at a spot lay over the notes there, and a resident took them for lost.
 * - Where what a merge left under a frame is drawn (clearOfFrames): out from under it, right or down, the same
 *   way on every device, without writing anything.
 */
import type * as Y from 'yjs'
import { canvasView, readBoard, storedCanvasView, type BoardSnapshot, type CanvasView, type GroupView } from '../board.ts'
import { GROUP_HEADER, GROUP_PAD, layoutGroup, NOTE_H, NOTE_W } from '../layout.ts'
import { groupsMap, notesMap, type Canvas, type Point } from '../schema.ts'

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/**
 * Three notes wide: what a tablet held upright (820 px) shows at full size from the top-left. Five wide, a
 * neighbour's fourth and fifth notes landed beside the view: the tab said 4枚 and the resident saw two.
 */
const COLUMNS = 3
const ORIGIN = 40
const STEP_X = NOTE_W + 24
const STEP_Y = NOTE_H + 24
/** Space kept clear around what is taken. */
const MARGIN = 12
/** How finely freeSpot looks down a column for room. */
const ROW_STEP = 20

const frameRect = (gv: GroupView): Rect => {
  const { w, h } = layoutGroup(gv)
  return { x: gv.group.pos.x, y: gv.group.pos.y, w, h }
}
const noteRect = (pos: Point): Rect => ({ x: pos.x, y: pos.y, w: NOTE_W, h: NOTE_H })

/** Whether two boxes share any area (edges that touch do not). */
export const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** Whether `r` keeps MARGIN clear of every one of `rects`. */
const clearOf = (r: Rect, rects: readonly Rect[]): boolean =>
  rects.every((t) => r.x >= t.x + t.w + MARGIN || t.x >= r.x + r.w + MARGIN || r.y >= t.y + t.h + MARGIN || t.y >= r.y + r.h + MARGIN)

/** What is drawn on a canvas of a table: its top-level group frames and its loose notes. */
export function takenOn(board: BoardSnapshot, canvas: Canvas, table: string): Rect[] {
  const view = canvasView(board, canvas, table)
  return [...view.groups.map(frameRect), ...view.loose.map((n) => noteRect(n.pos))]
}

/**
 * The first place, top to bottom and then left to right among `columns` (their left edges), where a
 * frame of `size` overlaps nothing in `taken`. Below everything there is always room, so it ends.
 */
export function freeSpot(taken: readonly Rect[], size: { w: number; h: number }, columns: readonly number[]): Point {
  for (let y = ORIGIN; ; y += ROW_STEP) {
    for (const x of columns) if (clearOf({ x, y, ...size }, taken)) return { x, y }
  }
}

/**
 * Places notes one after another among `taken`: each call gives the next free place and takes it (several
 * notes revealed at once do not land on each other).
 */
export function notePlacer(taken: readonly Rect[]): () => Point {
  const rects = [...taken]
  const free = (r: Rect) => clearOf(r, rects)
  // Places only ever get taken, so a place passed over once stays taken: the search goes on from there.
  let slot = 0
  return () => {
    for (;; slot++) {
      const rect = { x: ORIGIN + (slot % COLUMNS) * STEP_X, y: ORIGIN + Math.floor(slot / COLUMNS) * STEP_Y, w: NOTE_W, h: NOTE_H }
      if (free(rect)) {
        rects.push(rect)
        return { x: rect.x, y: rect.y }
      }
    }
  }
}

/** The one place for a single new note on a canvas of a table. */
export const freeNotePosition = (board: BoardSnapshot, canvas: Canvas, table: string): Point => notePlacer(takenOn(board, canvas, table))()

/**
 * The nearest place right of or below `r` (never left or up: the frame that pushes it is at its top-left)
 * that keeps clear of everything in `taken`. Candidates are r's own x and y and the places just past each
 * taken box's right and bottom edges; past the rightmost edge is always free, so one is always found.
 */
export function nearestFreeFrom(r: Rect, taken: readonly Rect[]): Point {
  const xs = [...new Set([r.x, ...taken.map((t) => t.x + t.w + MARGIN).filter((x) => x > r.x)])]
  const ys = [...new Set([r.y, ...taken.map((t) => t.y + t.h + MARGIN).filter((y) => y > r.y)])]
  const candidates = xs.flatMap((x) => ys.map((y) => ({ x, y, d: (x - r.x) ** 2 + (y - r.y) ** 2 })))
  // Nearest first; at equal distance, the one further up (it stays nearer where the table was looking).
  candidates.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x)
  for (const c of candidates) if (clearOf({ x: c.x, y: c.y, w: r.w, h: r.h }, taken)) return { x: c.x, y: c.y }
  // Not reached (see above); kept so that the function always answers.
  return { x: Math.max(r.x, ...taken.map((t) => t.x + t.w + MARGIN)), y: r.y }
}

/** Top to bottom, then left to right, then by key: an order every device agrees on. */
const byPlace = (a: { key: string; rect: Rect }, b: { key: string; rect: Rect }): number => a.rect.y - b.rect.y || a.rect.x - b.rect.x || (a.key < b.key ? -1 : 1)

/**
 * Where a canvas is drawn when the document has something under a frame: two tablets grew one frame at once
 * (each made room for its own note, the merged frame holds both), or moved a note and a group onto the same
 * spot. Frames keep their place top to bottom, left to right, unless they lie over a frame kept before them;
 * a loose note keeps its place unless it lies under a kept frame. What lies under is drawn at the nearest
 * place right of or below its own that is clear of what is kept and of what was moved before it (taken top to
 * bottom, left to right), as makeRoomFor would have moved it. It depends only on the document, so every device
 * draws the same; nothing is written, so devices never write competing repairs. Where nothing lies under a
 * frame (the document as every operation leaves it), the view is returned as it is.
 */
export function clearOfFrames(view: CanvasView): CanvasView {
  if (view.groups.length === 0) return view
  const frames = view.groups.map((gv) => ({ key: `group:${gv.group.id}`, rect: frameRect(gv) })).sort(byPlace)
  const kept: Rect[] = []
  const under: Array<{ key: string; rect: Rect }> = []
  for (const f of frames) {
    if (kept.some((k) => overlaps(k, f.rect))) under.push(f)
    else kept.push(f.rect)
  }
  const taken = [...kept]
  for (const n of view.loose) {
    const rect = noteRect(n.pos)
    if (kept.some((k) => overlaps(k, rect))) under.push({ key: `note:${n.id}`, rect })
    else taken.push(rect)
  }
  if (under.length === 0) return view
  const drawnAt = new Map<string, Point>()
  for (const item of under.sort(byPlace)) {
    const to = nearestFreeFrom(item.rect, taken)
    taken.push({ ...item.rect, ...to })
    drawnAt.set(item.key, to)
  }
  return {
    ...view,
    groups: view.groups.map((gv) => {
      const pos = drawnAt.get(`group:${gv.group.id}`)
      return pos ? { ...gv, group: { ...gv.group, pos } } : gv
    }),
    loose: view.loose.map((n) => {
      const pos = drawnAt.get(`note:${n.id}`)
      return pos ? { ...n, pos } : n
    }),
  }
}

/**
 * Where a loose note or a top-level group of `doc` is drawn (clearOfFrames), for operations that put
 * something where it is seen: a group made at its first note, a dissolved group's notes. Undefined when it is
 * not drawn loose or top-level.
 */
export function drawnPos(doc: Y.Doc, item: { note: string } | { group: string }): Point | undefined {
  const board = readBoard(doc)
  const record = 'note' in item ? board.notes.find((n) => n.id === item.note) : board.groups.find((g) => g.id === item.group)
  if (!record) return undefined
  const view = canvasView(board, record.canvas, record.table)
  return 'note' in item ? view.loose.find((n) => n.id === item.note)?.pos : view.groups.find((gv) => gv.group.id === item.group)?.group.pos
}

/**
 * Transaction meta set by makeRoomFor: the notes it moved out of a frame's way in that transaction (loose
 * ones, and those of the groups it moved), for the tablet that made the change to say so and show them.
 */
export const MOVED_ASIDE = 'yoriai:movedAside'

/** Notes moved out of a frame's way: how many, and the first of them (the one 「動かした付箋を見る」 brings into view). */
export interface MovedAside {
  count: number
  first: string | null
}
export const NONE_MOVED: MovedAside = { count: 0, first: null }

/**
 * Runs `change` in one transaction (the operations it calls join it) and says which notes makeRoomFor moved
 * out of the way in it (how many, and the first), for the tablet or laptop that made the change to say so and
 * show them: a drop, an accepted まとめ案. Read inside the transaction, because the meta is gone with it.
 */
export function countingMovedAside<T>(doc: Y.Doc, origin: unknown, change: () => T): { result: T; movedAside: MovedAside } {
  let movedAside = NONE_MOVED
  const result = doc.transact((tr) => {
    const done = change()
    movedAside = (tr.meta.get(MOVED_ASIDE) as MovedAside | undefined) ?? NONE_MOVED
    return done
  }, origin)
  return { result, movedAside }
}

const notesIn = (gv: GroupView): number => gv.notes.length + gv.children.reduce((n, c) => n + notesIn(c), 0)
const firstNoteIn = (gv: GroupView): string | null => gv.notes[0]?.id ?? gv.children.map(firstNoteIn).find((id) => id !== null) ?? null

/**
 * Makes room for the frame that `groupId` is drawn in (its own, or its parent's for a 小グループ), inside the
 * caller's transaction: every loose note and every other top-level group of that canvas and table that the
 * frame covers, even in part, moves right or down to the nearest place clear of the frame, of what stays and
 * of what moved before it (taken top to bottom, left to right). A moved group takes its notes and 小グループ
 * along. It works on where things are stored, so that the frame placed keeps its place (clearOfFrames might
 * draw it elsewhere), and keeps clear of where things are drawn too. Called by every operation that makes, grows or places a group (shared/ops/groups.ts, proposals.ts,
 * plenary.ts), so the tablet, the laptop and まとめ案 make room alike and one undo takes it all back.
 * Returns the ids moved (`note:…`, `group:…`).
 */
export function makeRoomFor(doc: Y.Doc, groupId: string): string[] {
  const board = readBoard(doc)
  const group = board.groups.find((g) => g.id === groupId)
  if (!group) return []
  const view = storedCanvasView(board, group.canvas, group.table)
  const frame = view.groups.find((gv) => gv.group.id === groupId || gv.children.some((c) => c.group.id === groupId))
  if (!frame) return []
  const area = frameRect(frame)
  const others = [
    ...view.groups.filter((gv) => gv !== frame).map((gv) => ({ key: `group:${gv.group.id}`, id: gv.group.id as string, rect: frameRect(gv), notes: notesIn(gv), first: firstNoteIn(gv) })),
    ...view.loose.map((n) => ({ key: `note:${n.id}`, id: n.id as string, rect: noteRect(n.pos), notes: 1, first: n.id as string | null })),
  ]
  const covered = others.filter((o) => overlaps(o.rect, area))
  if (covered.length === 0) return []
  covered.sort((a, b) => a.rect.y - b.rect.y || a.rect.x - b.rect.x || (a.key < b.key ? -1 : 1))
  const staying = new Set(others.filter((o) => !covered.includes(o)).map((o) => o.key))
  const shown = clearOfFrames(view)
  // Where the things that stay are drawn, when a merge left them under a frame and clearOfFrames moved them.
  const shownRects = [
    ...shown.groups.filter((gv) => staying.has(`group:${gv.group.id}`)).map(frameRect),
    ...shown.loose.filter((n) => staying.has(`note:${n.id}`)).map((n) => noteRect(n.pos)),
  ]
  const taken = [area, ...others.filter((o) => staying.has(o.key)).map((o) => o.rect), ...shownRects]
  for (const item of covered) {
    const to = nearestFreeFrom(item.rect, taken)
    taken.push({ ...item.rect, ...to })
    const ymap = item.key.startsWith('note:') ? notesMap(doc).get(item.id) : groupsMap(doc).get(item.id)
    ymap?.set('pos', to)
  }
  // Inside the caller's transaction, which this joins.
  doc.transact((tr) => {
    const before = (tr.meta.get(MOVED_ASIDE) as MovedAside | undefined) ?? NONE_MOVED
    const count = before.count + covered.reduce((n, c) => n + c.notes, 0)
    tr.meta.set(MOVED_ASIDE, { count, first: before.first ?? covered.find((c) => c.first !== null)?.first ?? null })
  })
  return covered.map((c) => c.key)
}

/** Where what a dissolved frame held goes: each loose note and each 小グループ that becomes top-level. */
export interface Spread {
  notes: Array<{ id: string; pos: Point }>
  groups: Array<{ id: string; pos: Point }>
}

/**
 * グループを解く: where the notes and 小グループ of the top-level frame of `groupId` go once the frame is gone.
 * Each keeps its place in the frame's rows, moved up and left by the header and padding (the 表札 goes with
 * the frame), so the first note sits where the frame's top-left was and all of them stay inside the area the
 * frame took; one that would overlap something else on the canvas (a note dropped at the frame's edge) goes
 * to the nearest free place right of or below it instead. Notes and 小グループ in the frame's own order.
 */
export function spreadOutFrame(board: BoardSnapshot, groupId: string): Spread {
  const group = board.groups.find((g) => g.id === groupId)
  if (!group) return { notes: [], groups: [] }
  const view = canvasView(board, group.canvas, group.table)
  const frame = view.groups.find((gv) => gv.group.id === groupId)
  if (!frame) return { notes: [], groups: [] }
  const layout = layoutGroup(frame)
  const base = { x: frame.group.pos.x - GROUP_PAD, y: frame.group.pos.y - GROUP_HEADER }
  // Clear of where the rest is drawn, and of where the document has it: what a merge left under this frame is
  // drawn beside it only while the frame is there (clearOfFrames), and back at its own place once it is gone.
  const stored = storedCanvasView(board, group.canvas, group.table)
  const taken = [view, stored].flatMap((v) => [...v.groups.filter((gv) => gv.group.id !== groupId).map(frameRect), ...v.loose.map((n) => noteRect(n.pos))])
  const place = (offset: Point, size: { w: number; h: number }): Point => {
    const rect = { x: Math.round(base.x + offset.x), y: Math.round(base.y + offset.y), ...size }
    const to = clearOf(rect, taken) ? { x: rect.x, y: rect.y } : nearestFreeFrom(rect, taken)
    taken.push({ ...rect, ...to })
    return to
  }
  return {
    notes: frame.notes.map((n, i) => ({ id: n.id, pos: place(layout.notes[i]!, { w: NOTE_W, h: NOTE_H }) })),
    groups: frame.children.map((c, i) => ({ id: c.group.id, pos: place(layout.children[i]!.offset, layout.children[i]!.layout) })),
  }
}
