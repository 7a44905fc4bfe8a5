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

/** A text's width in ems: full-width (kana, kanji, 全角) characters are about one em; Latin letters and digits about half. */
function ems(text: string): number {
  let width = 0
  for (const ch of text) width += /[\u0000-\u00ff\uff61-\uff9f]/.test(ch) ? 0.6 : 1
  return width
}

/** How wide a group's frame must be for its 表札 to be read whole (up to GROUP_TITLE_W_MAX). */
export function titleWidth(title: string): number {
  return Math.min(GROUP_TITLE_W_MAX, Math.ceil(TITLE_CHROME + ems(title) * TITLE_FONT))
}

/**
 * Zoomed out below this, a note's text (20 px on the board) is under 10 px on screen, too small for anyone
 * to read: a frame then shows its 表札 large over its own notes (GroupFrame), so that the overview — the
 * projector's 3つ並べる, a tablet's 全体を表示 — still says what each group is about.
 */
export const BANNER_BELOW = 0.5
/** The 表札's size on screen when shown large: the projector's note text (DESIGN.md: read from the back). */
const BANNER_PX = 24
/**
 * Never smaller on screen: a frame too small for its 表札 at this size (far out, a group of one or two) has it
 * on a label wider than the frame, over its neighbours' edges (sizes 5–24 px side by side read as noise).
 */
const BANNER_MIN_PX = 16
const BANNER_LINE = 1.25

/**
 * A group's 表札 shown large at zoom `scale` over `area` (the frame's own part: its header and notes, not its
 * 小グループ), or null where none is shown (zoomed in enough, no 表札): its font size and the label's width, in
 * board px. The largest size up to BANNER_PX on screen that fits the area in one, two or three lines (and,
 * `withTotal`, the votes' line below them, at 0.7 of the size); where that is under BANNER_MIN_PX, that size, in
 * two lines as wide as they need (or the frame, if wider) — within `room` (labelRoom: up to the nearest frame or
 * note around), smaller where the room is smaller, so that neighbours' labels do not cover each other.
 */
export function groupBanner(title: string, area: Size, scale: number, withTotal = false, room: Size = area): { font: number; width: number } | null {
  const width = ems(title.trim())
  if (scale >= BANNER_BELOW || width === 0) return null
  // Inside the frame's borders (3 px) and the label's padding (GROUP_PAD a side).
  const chrome = 2 * GROUP_PAD + 6
  // A line holds whole characters: the title's ems shared out over the lines, rounded up, and a little spare.
  const perLine = (lines: number) => Math.ceil(width / lines) + 0.3
  const linesTall = (lines: number) => (lines + (withTotal ? 0.8 : 0)) * BANNER_LINE
  const fit = (box: Size, most: number) => {
    let best = 0
    for (let lines = 1; lines <= 3; lines++) best = Math.max(best, Math.min(most, (box.w - chrome) / perLine(lines), (box.h - chrome) / linesTall(lines)))
    return best
  }
  const inFrame = fit(area, BANNER_PX / scale)
  const least = BANNER_MIN_PX / scale
  if (inFrame >= least) return { font: Math.floor(inFrame), width: area.w }
  // Wider than the frame: the least size in two lines, or what the room around allows (never less than in the frame).
  const wide = { w: Math.max(area.w, Math.min(room.w, Math.ceil(perLine(2) * least + chrome))), h: Math.max(area.h, room.h) }
  const font = Math.max(inFrame, fit(wide, least))
  return { font: font >= least ? Math.ceil(least) : Math.floor(font), width: wide.w }
}

interface Rect extends Size {
  x: number
  y: number
}

/**
 * The box a top-level frame's zoomed-out label may take, centred on the frame: the frame, widened evenly on both
 * sides by half the gap to the nearest frame or loose note beside it, and heightened so by half the gap to the
 * nearest above or below.
 */
export function labelRoom(frame: Rect, others: Iterable<Rect>): Size {
  let across = Infinity
  let down = Infinity
  for (const o of others) {
    if (o === frame) continue
    if (o.y < frame.y + frame.h && o.y + o.h > frame.y) {
      if (o.x >= frame.x + frame.w) across = Math.min(across, o.x - frame.x - frame.w)
      else if (o.x + o.w <= frame.x) across = Math.min(across, frame.x - o.x - o.w)
    }
    if (o.x < frame.x + frame.w && o.x + o.w > frame.x) {
      if (o.y >= frame.y + frame.h) down = Math.min(down, o.y - frame.y - frame.h)
      else if (o.y + o.h <= frame.y) down = Math.min(down, frame.y - o.y - o.h)
    }
  }
  // Half of each gap (the neighbour's label may take the other half); alone on its side, room enough (the label's
  // own width decides).
  const spare = (gap: number) => (Number.isFinite(gap) ? gap / 2 : frame.w + frame.h)
  return { w: frame.w + 2 * spare(across), h: frame.h + 2 * spare(down) }
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
