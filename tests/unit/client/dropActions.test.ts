/** client/board/dropActions.ts: a drop that makes room says how many notes it moved out of the way. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyDrop } from '../../../client/board/dropActions.ts'
import { countingMovedAside } from '../../../shared/ops/place.ts'
import { addNote, getNote } from '../../../shared/ops/notes.ts'
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
