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

/** The 表札's font size (px, bold) and what its header holds besides the text: the frame's borders, the
 * header's padding, the handle and the gap after it, and the title button's padding and borders. */
const TITLE_FONT = 20
const TITLE_CHROME = 2 * 3 + 2 * 8 + 44 + 6 + 2 * 10 + 2 * 2 + 8
/** A frame grows for its 表札 up to two notes wide; a longer title is cut off (…) past that. */
export const GROUP_TITLE_W_MAX = 2 * NOTE_W + GAP + 2 * GROUP_PAD

/** How wide a group's frame must be for its 表札 to be read whole (up to GROUP_TITLE_W_MAX). */
export function titleWidth(title: string): number {
  let text = 0
  // Full-width (kana, kanji, 全角) characters are about one em; Latin letters and digits about half.
  for (const ch of title) text += /[\u0000-\u00ff\uff61-\uff9f]/.test(ch) ? TITLE_FONT * 0.6 : TITLE_FONT
  return Math.min(GROUP_TITLE_W_MAX, Math.ceil(TITLE_CHROME + text))
}

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
  // A frame one note wide cut 「買い物と移動の困りごと」 down to 「買い物と…」: it is as wide as its 表札 needs.
  let w = Math.max(NOTE_W + 2 * GROUP_PAD, cols * NOTE_W + (cols - 1) * GAP + 2 * GROUP_PAD, titleWidth(view.group.title))
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
