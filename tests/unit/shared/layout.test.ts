/**
 * A group's frame (shared/layout.ts) is wide enough for its 表札 to be read: a one-note group titled
 * 「買い物と移動の困りごと」 showed 「買い物と…」 on the tablet and 「買い物と移動の困り…」 on the projector.
 */
import { describe, expect, it } from 'vitest'
import type { GroupView } from '../../../shared/board.ts'
import { BANNER_BELOW, bannerFont, GROUP_PAD, GROUP_TITLE_W_MAX, layoutGroup, NOTE_H, NOTE_W, titleWidth } from '../../../shared/layout.ts'
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

describe('a 表札 shown large when zoomed far out (bannerFont)', () => {
  const frame = layoutGroup(group('通院がたいへん', 3))
  /** Lines the title takes at `font` in the banner's room, one em per kana or kanji (as the banner wraps). */
  const linesAt = (title: string, font: number) => Math.ceil([...title].length / Math.floor((frame.w - 2 * GROUP_PAD - 6) / font))

  it('none while the notes can still be read, and none for a group with no 表札', () => {
    expect(bannerFont('通院がたいへん', frame, BANNER_BELOW)).toBeNull()
    expect(bannerFont('通院がたいへん', frame, 1)).toBeNull()
    expect(bannerFont('  ', frame, 0.2)).toBeNull()
  })

  it('24 px on screen where the frame has room, never more', () => {
    for (const scale of [0.45, 0.35, 0.3]) {
      const font = bannerFont('通院がたいへん', frame, scale)!
      expect(font * scale).toBeLessThanOrEqual(24)
      expect(font * scale).toBeGreaterThan(23)
    }
  })

  it('far out, as large as fits the frame in three lines or fewer, across and down', () => {
    for (const title of ['通院がたいへん', 'ひとり暮らしの高齢者の見守りと声かけ', '子育て']) {
      const font = bannerFont(title, frame, 0.05)!
      const lines = linesAt(title, font)
      expect(lines, title).toBeLessThanOrEqual(3)
      expect(lines * font * 1.25, title).toBeLessThanOrEqual(frame.h - 2 * GROUP_PAD)
      // Not needlessly small: a size a tenth larger would not fit.
      const larger = font * 1.1
      expect(linesAt(title, larger) > 3 || linesAt(title, larger) * larger * 1.25 > frame.h - 2 * GROUP_PAD, title).toBe(true)
    }
  })

  it('a smaller frame, a longer 表札 or the votes’ line below it make it smaller', () => {
    const one = layoutGroup(group('通院がたいへん', 1))
    expect(bannerFont('通院がたいへん', one, 0.05)!).toBeLessThan(bannerFont('通院がたいへん', frame, 0.05)!)
    expect(bannerFont('通院がたいへんで困っている', frame, 0.05)!).toBeLessThan(bannerFont('通院', frame, 0.05)!)
    expect(bannerFont('通院がたいへん', frame, 0.05, true)!).toBeLessThanOrEqual(bannerFont('通院がたいへん', frame, 0.05)!)
  })
})
