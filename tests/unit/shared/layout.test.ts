/**
 * A group's frame (shared/layout.ts) is wide enough for its 表札 to be read: a one-note group titled
 * 「買い物と移動の困りごと」 showed 「買い物と…」 on the tablet and 「買い物と移動の困り…」 on the projector.
 */
import { describe, expect, it } from 'vitest'
import type { GroupView } from '../../../shared/board.ts'
import { BANNER_BELOW, groupBanner, labelRoom, GROUP_PAD, GROUP_TITLE_W_MAX, layoutGroup, NOTE_H, NOTE_W, titleWidth } from '../../../shared/layout.ts'
import type { Group, Note } from '../../../shared/schema.ts'

const note = (id: string): Note => ({ id, text: 'バスが少ない', canvas: 'need', table: '北町', color: 'yellow', authorId: 'p1', authorName: '', pos: { x: 0, y: 0 }, createdAt: 1 }) as Note
const group = (title: string, notes = 1): GroupView => ({
  group: { id: 'g1', title, canvas: 'need', table: '北町', pos: { x: 0, y: 0 }, createdAt: 1 } as Group,
  notes: Array.from({ length: notes }, (_, i) => note(`n${i}`)),
  children: [],
})

describe('a group frame and its 表札', () => {
  it('a one-note group is as wide as its title needs', () => {
    const title = '買い物と移動の困りごと'
    const { w } = layoutGroup(group(title))
    // The handle (44), the button's padding and borders and the frame's: about 11 characters of 20 px.
    expect(w).toBeGreaterThanOrEqual(11 * 20 + 44 + 2 * 10)
    expect(w).toBeGreaterThan(NOTE_W + 2 * GROUP_PAD)
    expect(w).toBe(titleWidth(title))
  })

  it('a short or missing title leaves the frame as it was: one note wide', () => {
    expect(layoutGroup(group('移動')).w).toBe(NOTE_W + 2 * GROUP_PAD)
    expect(layoutGroup(group('')).w).toBe(NOTE_W + 2 * GROUP_PAD)
    expect(layoutGroup(group('移動', 2)).w).toBe(2 * NOTE_W + 12 + 2 * GROUP_PAD)
  })

  it('a very long title stops at two notes wide; the notes keep their places', () => {
    const layout = layoutGroup(group('あ'.repeat(60)))
    expect(layout.w).toBe(GROUP_TITLE_W_MAX)
    expect(layout.notes[0]).toEqual({ x: GROUP_PAD, y: 52 })
    expect(layout.h).toBe(52 + NOTE_H + GROUP_PAD)
  })

  it('Latin letters and digits count about half', () => {
    expect(titleWidth('Bus 2')).toBeLessThan(titleWidth('バス２便'))
  })
})

describe('a 表札 shown large when zoomed far out (groupBanner)', () => {
  const frame = layoutGroup(group('通院がたいへん', 3))
  const room = (w: number) => w - 2 * GROUP_PAD - 6
  /** Lines the title takes at `font` in a label `w` wide, one em per kana or kanji (as the label wraps). */
  const linesAt = (title: string, font: number, w = frame.w) => Math.ceil([...title].length / Math.floor(room(w) / font))

  it('none while the notes can still be read, and none for a group with no 表札', () => {
    expect(groupBanner('通院がたいへん', frame, BANNER_BELOW)).toBeNull()
    expect(groupBanner('通院がたいへん', frame, 1)).toBeNull()
    expect(groupBanner('  ', frame, 0.2)).toBeNull()
  })

  it('24 px on screen where the frame has room, never more, within the frame', () => {
    for (const scale of [0.45, 0.35, 0.3]) {
      const { font, width } = groupBanner('通院がたいへん', frame, scale)!
      expect(font * scale).toBeLessThanOrEqual(24)
      expect(font * scale).toBeGreaterThan(23)
      expect(width).toBe(frame.w)
    }
  })

  it('further out, as large as fits the frame in three lines or fewer, across and down, down to 16 px on screen', () => {
    const scale = 0.2
    for (const title of ['通院がたいへん', 'ひとり暮らしの見守り', '子育て']) {
      const { font, width } = groupBanner(title, frame, scale)!
      expect(font * scale, title).toBeGreaterThanOrEqual(16)
      expect(width, title).toBe(frame.w)
      const lines = linesAt(title, font)
      expect(lines, title).toBeLessThanOrEqual(3)
      expect(lines * font * 1.25, title).toBeLessThanOrEqual(frame.h - 2 * GROUP_PAD)
      // Not needlessly small: a size a tenth larger would not fit (or would pass 24 px).
      const larger = font * 1.1
      expect(larger * scale > 24 || linesAt(title, larger) > 3 || linesAt(title, larger) * larger * 1.25 > frame.h - 2 * GROUP_PAD, title).toBe(true)
    }
  })

  it('a frame too small for 16 px on screen: that size, on a label wider than the frame, in two lines', () => {
    const one = layoutGroup(group('災害時の避難が不安', 1))
    for (const scale of [0.08, 0.05]) {
      const { font, width } = groupBanner('災害時の避難が不安', one, scale, false, { w: 10_000, h: 10_000 })!
      expect(font * scale).toBeGreaterThanOrEqual(16)
      expect(font * scale).toBeLessThan(16.2)
      expect(width).toBeGreaterThan(one.w)
      expect(linesAt('災害時の避難が不安', font, width)).toBe(2)
    }
  })

  it('the label stays within the room its neighbours leave: smaller there, never smaller than inside the frame', () => {
    const one = layoutGroup(group('災害時の避難が不安', 1))
    const scale = 0.05
    const inFrame = groupBanner('災害時の避難が不安', one, scale)!
    expect(inFrame.width).toBe(one.w)
    const room = { w: one.w + 100, h: one.h + 40 }
    const near = groupBanner('災害時の避難が不安', one, scale, false, room)!
    expect(near.width).toBeLessThanOrEqual(room.w)
    expect(near.font * scale).toBeLessThan(16)
    expect(near.font).toBeGreaterThanOrEqual(inFrame.font)
  })

  it('labelRoom: the frame widened evenly by half the gap to the nearest neighbour beside it, heightened so to the nearest above or below', () => {
    const frame = { x: 1000, y: 1000, w: 300, h: 200 }
    const others = [frame, { x: 1400, y: 1050, w: 220, h: 150 }, { x: 600, y: 900, w: 250, h: 400 }, { x: 1000, y: 1260, w: 300, h: 100 }, { x: 3000, y: 3000, w: 10, h: 10 }]
    // Beside: 100 to the right, 150 to the left (half the nearer counts, on both sides); below 60, nothing above.
    expect(labelRoom(frame, others)).toEqual({ w: 300 + 100, h: 200 + 60 })
    // Alone: as much room as the frame's own size either way.
    expect(labelRoom(frame, [frame])).toEqual({ w: 300 + 2 * 500, h: 200 + 2 * 500 })
  })

  it('a smaller frame, a longer 表札 or the votes’ line below it make it smaller (while it fits in the frame)', () => {
    const two = layoutGroup(group('通院がたいへん', 2))
    const font = (title: string, size = frame, total = false) => groupBanner(title, size, 0.2, total)!.font
    expect(font('通院がたいへん', two)).toBeLessThanOrEqual(font('通院がたいへん'))
    expect(font('通院がたいへんで困っている')).toBeLessThan(font('通院'))
    expect(font('通院がたいへん', frame, true)).toBeLessThanOrEqual(font('通院がたいへん'))
  })
})
