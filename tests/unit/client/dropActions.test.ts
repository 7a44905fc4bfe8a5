/** client/board/dropActions.ts: a drop that makes room says how many notes it moved out of the way. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyDrop } from '../../../client/board/dropActions.ts'
import { countingMovedAside } from '../../../shared/ops/place.ts'
import { addNote, getNote } from '../../../shared/ops/notes.ts'
import { groupNotes, nestGroup } from '../../../shared/ops/groups.ts'
import { readBoard } from '../../../shared/board.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const board = () => {
  const doc = new Y.Doc()
  const at = (text: string, x: number, y: number) =>
    addNote(doc, { text, canvas: 'need', table: 'A', color: 'yellow', authorId: 'p1' as ParticipantId, authorName: '', pos: { x, y } })
  // Two side by side; a third right under the first, where a frame around the two would reach.
  const bus = at('バスが少ない', 24, 24)
  const taxi = at('タクシー代が高い', 24 + NOTE_W + 24, 24)
  const hospital = at('病院が遠い', 24, 24 + NOTE_H + 24)
  const far = at('遠くの付箋', 3000, 3000)
  return { doc, bus, taxi, hospital, far }
}

describe('a drop through countingMovedAside', () => {
  it('counts the loose note a new group frame moved out of the way, not the two grouped', () => {
    const { doc, bus, taxi, hospital, far } = board()
    const { result: outcome, movedAside } = countingMovedAside(doc, null, () => applyDrop(doc, null, { kind: 'note', note: getNote(doc, taxi.id)! }, { kind: 'note', note: getNote(doc, bus.id)! }, taxi.pos))
    expect(outcome).toBe('grouped')
    expect(getNote(doc, hospital.id)!.pos).not.toEqual(hospital.pos)
    expect(getNote(doc, far.id)!.pos).toEqual(far.pos)
    expect(movedAside).toEqual({ count: 1, first: hospital.id })
  })

  it('counts nothing for a note moved on open canvas', () => {
    const { doc, far } = board()
    const { result: outcome, movedAside } = countingMovedAside(doc, null, () => applyDrop(doc, null, { kind: 'note', note: getNote(doc, far.id)! }, null, { x: 2000, y: 2000 }))
    expect(outcome).toBe('moved')
    expect(movedAside).toEqual({ count: 0, first: null })
  })
})

describe('a group dropped on a 小グループ', () => {
  /** A group 「移動」 holding a 小グループ 「バス」, and a loose group 「買い物」 far to the right. */
  const nestedBoard = () => {
    const { doc, bus, taxi, hospital } = board()
    const at = (text: string, x: number, y: number) =>
      addNote(doc, { text, canvas: 'need', table: 'A', color: 'yellow', authorId: 'p1' as ParticipantId, authorName: '', pos: { x, y } })
    const parent = groupNotes(doc, bus.id, taxi.id)
    const child = groupNotes(doc, hospital.id, at('バス停が遠い', 2000, 24).id)
    nestGroup(doc, child.id, parent.id)
    const other = groupNotes(doc, at('店がない', 3000, 24).id, at('重い荷物', 3300, 24).id)
    const group = (id: string) => readBoard(doc).groups.find((g) => g.id === id)!
    return { doc, parent: parent.id, child: child.id, other: other.id, group }
  }

  it('becomes another 小グループ of the same group, which stays where it is', () => {
    const { doc, parent, child, other, group } = nestedBoard()
    const before = group(parent).pos
    const outcome = applyDrop(doc, null, { kind: 'group', group: group(other), hasChildren: false }, { kind: 'group', group: group(child) }, group(child).pos)
    expect(outcome).toBe('nested')
    expect(group(other).parentId).toBe(parent)
    expect(group(parent).pos).toEqual(before)
  })

  it('dropped on its sibling, stays in its group and moves nothing', () => {
    const { doc, parent, child, other, group } = nestedBoard()
    nestGroup(doc, other, parent)
    const before = group(parent).pos
    const outcome = applyDrop(doc, null, { kind: 'group', group: group(other), hasChildren: false }, { kind: 'group', group: group(child) }, group(child).pos)
    expect(outcome).toBe('none')
    expect(group(other).parentId).toBe(parent)
    expect(group(parent).pos).toEqual(before)
  })
})
