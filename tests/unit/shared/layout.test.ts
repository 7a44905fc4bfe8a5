/**
 * A group's frame (shared/layout.ts) is wide enough for its 表札 to be read: a one-note group titled
 * 「買い物と移動の困りごと」 showed 「買い物と…」 on the tablet and 「買い物と移動の困り…」 on the projector.
 */
import { describe, expect, it } from 'vitest'
import type { GroupView } from '../../../shared/board.ts'
import { GROUP_PAD, GROUP_TITLE_W_MAX, layoutGroup, NOTE_H, NOTE_W, titleWidth } from '../../../shared/layout.ts'
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
