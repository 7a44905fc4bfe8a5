/**
 * Accepting a grouping suggestion (似ている付箋のまとめ案): the proposed notes become one group with the
 * 表札 people chose, through the ordinary group operations, in one transaction (one undo step).
 */
import type * as Y from 'yjs'
import type { NoteId } from '../ids.ts'
import { notesMap, type Group } from '../schema.ts'
import { formGroup } from './groups.ts'
import { countingMovedAside, type MovedAside } from './place.ts'

/**
 * The proposal's notes that can still be grouped: they exist, are still loose, and sit on the same
 * canvas and table as the first of them. A proposal made a moment ago can be out of date by now.
 */
export function groupableNotes(doc: Y.Doc, noteIds: readonly string[]): NoteId[] {
  const notes = notesMap(doc)
  const loose = noteIds.filter((id) => {
    const n = notes.get(id)
    return n !== undefined && typeof n.get('groupId') !== 'string' && n.get('hidden') !== true
  })
  const first = loose[0] === undefined ? undefined : notes.get(loose[0])
  return loose.filter((id) => notes.get(id)!.get('canvas') === first?.get('canvas') && notes.get(id)!.get('table') === first?.get('table')) as NoteId[]
}

/** An accepted proposal's group, and how many other notes its frame moved out of the way. */
export interface AcceptedProposal {
  group: Group
  /** Counted as a drop's are (makeRoomFor), so that accepting says 「ほかの付箋N枚を動かしました」 as a drop does. */
  movedAside: MovedAside
}

/** Groups the proposal's notes under `title`; null when fewer than two of them can still be grouped. */
export function acceptProposal(doc: Y.Doc, noteIds: readonly string[], title: string, origin: unknown = null): AcceptedProposal | null {
  const ids = groupableNotes(doc, noteIds)
  if (ids.length < 2) return null
  const { result: group, movedAside } = countingMovedAside(doc, origin, () => formGroup(doc, ids, origin, title.trim()))
  return { group, movedAside }
}
