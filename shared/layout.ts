/**
 * Sizes and the layout of notes inside a group frame, in board coordinates. Shared so that the
 * tablet, the projector and the print view draw the same board.
 */
import type { GroupView } from './board.ts'
import type { Point } from './schema.ts'

export const NOTE_W = 220
export const NOTE_H = 150
export const GAP = 12
export const GROUP_PAD = 14
export const GROUP_HEADER = 52

export interface Size {
  w: number
  h: number
}

const columnsFor = (n: number): number => (n <= 1 ? 1 : n <= 4 ? 2 : 3)

export interface GroupLayout extends Size {
  /** Offsets of member notes from the frame's top-left, in the order of view.notes. */
  notes: Point[]
  /** Offsets and layouts of child groups. */
  children: Array<{ offset: Point; layout: GroupLayout }>
}

export function layoutGroup(view: GroupView): GroupLayout {
  const cols = columnsFor(view.notes.length)
  const notes = view.notes.map((_, i) => ({
    x: GROUP_PAD + (i % cols) * (NOTE_W + GAP),
    y: GROUP_HEADER + Math.floor(i / cols) * (NOTE_H + GAP),
  }))
  const rows = Math.ceil(view.notes.length / cols)
  let w = Math.max(NOTE_W + 2 * GROUP_PAD, cols * NOTE_W + (cols - 1) * GAP + 2 * GROUP_PAD)
  let y = GROUP_HEADER + (rows > 0 ? rows * (NOTE_H + GAP) : GAP)
  const children: GroupLayout['children'] = []
  for (const child of view.children) {
    const layout = layoutGroup(child)
    children.push({ offset: { x: GROUP_PAD, y }, layout })
    y += layout.h + GAP
    w = Math.max(w, layout.w + 2 * GROUP_PAD)
  }
  return { w, h: Math.max(y + GROUP_PAD - GAP, GROUP_HEADER + NOTE_H / 2), notes, children }
}
