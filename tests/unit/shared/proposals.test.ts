import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNote } from '../../../shared/ops/notes.ts'
import { acceptProposal } from '../../../shared/ops/proposals.ts'
import { groupNotes, listGroups } from '../../../shared/ops/groups.ts'
import { canvasView, readBoard } from '../../../shared/board.ts'
import { NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const note = (doc: Y.Doc, text: string, table = '北町') =>
  addNote(doc, { text, canvas: 'need', table, color: 'yellow', authorId: 'p1' as ParticipantId, authorName: '' })

describe('acceptProposal', () => {
  it('makes one group with the chosen 表札 from all the proposed notes, in one undo step', () => {
    const doc = new Y.Doc()
    const ids = ['スーパーが閉店', '移動販売がほしい', '米が重い'].map((t) => note(doc, t).id)
    const origin = { who: 'me' }
    const undo = new Y.UndoManager(doc.getMap('notes'), { trackedOrigins: new Set([origin]) })
    undo.addToScope(doc.getMap('groups'))
    const group = acceptProposal(doc, ids, ' 買い物が不便 ', origin)?.group
    expect(group?.title).toBe('買い物が不便')
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.loose).toEqual([])
    expect(view.groups[0]!.notes.map((n) => n.id).sort()).toEqual([...ids].sort())
    undo.undo()
    expect(listGroups(doc)).toEqual([])
    expect(canvasView(readBoard(doc), 'need', '北町').loose.length).toBe(3)
  })

  it('skips notes grouped or moved meanwhile, and does nothing when fewer than two are left', () => {
    const doc = new Y.Doc()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((t) => note(doc, t).id)
    const other = note(doc, 'e', '南町').id
    groupNotes(doc, c!, d!)
    const group = acceptProposal(doc, [a!, b!, c!, other], '表札')?.group
    expect(group).toBeDefined()
    const members = readBoard(doc).notes.filter((n) => n.groupId === group!.id).map((n) => n.id)
    expect(members.sort()).toEqual([a!, b!].sort())
    expect(acceptProposal(doc, [c!, a!], 'x')).toBeNull()
  })

  it('says how many other notes the new frame moved out of its way, as a drop does, and moves nothing when nothing is in the way', () => {
    const doc = new Y.Doc()
    const at = (text: string, x: number, y: number) => addNote(doc, { text, canvas: 'need', table: '北町', color: 'yellow', authorId: 'p1' as ParticipantId, authorName: '', pos: { x, y } })
    // Two proposed notes side by side, a third loose one right under the first, where their frame will reach.
    const shop = at('スーパーが閉店', 24, 24)
    const van = at('移動販売がほしい', 24 + NOTE_W + 24, 24)
    const park = at('公園がない', 24, 24 + NOTE_H + 24)
    const far = at('桜並木が自慢', 3000, 3000)
    const accepted = acceptProposal(doc, [shop.id, van.id], '買い物')
    expect(accepted?.movedAside).toEqual({ count: 1, first: park.id })
    const after = new Map(readBoard(doc).notes.map((n) => [n.id, n.pos]))
    expect(after.get(park.id)).not.toEqual(park.pos)
    expect(after.get(far.id)).toEqual(far.pos)
    // Two notes far from everything else: their frame covers nothing.
    const [a, b] = [at('ゴミ出しがつらい', 6000, 6000), at('分別がわからない', 6000 + NOTE_W + 24, 6000)]
    expect(acceptProposal(doc, [a.id, b.id], 'ごみ')?.movedAside).toEqual({ count: 0, first: null })
  })
})
