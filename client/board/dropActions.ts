/**
 * The one adapter from drag-and-drop to board operations (components never touch Y.Maps).
 * KJ法 rules: a note on a note makes a group, on a group joins it, on open canvas leaves its group;
 * a group on a group (or on one of its 小グループ) becomes its 小グループ, on open canvas moves (and leaves its parent).
 */
import type * as Y from 'yjs'
import type { Group, Note, Point } from '../../shared/schema.ts'
import { moveNote } from '../../shared/ops/notes.ts'
import { addToGroup, groupNotes, moveGroup, nestGroup, removeFromGroup, GroupError } from '../../shared/ops/groups.ts'

export type DragItem = { kind: 'note'; note: Note } | { kind: 'group'; group: Group; hasChildren: boolean }
export type DropTarget = { kind: 'note'; note: Note } | { kind: 'group'; group: Group } | null

/** `outside`: released outside the canvas, nothing changed. */
/** `gone`: what was being dragged left the board under the finger (someone else deleted or hid it). */
export type DropOutcome = 'moved' | 'grouped' | 'joined' | 'left' | 'nested' | 'none' | 'outside' | 'gone' | 'goneGroup'

export function applyDrop(doc: Y.Doc, origin: unknown, item: DragItem, target: DropTarget, pos: Point): DropOutcome {
  try {
    if (item.kind === 'note') {
      const note = item.note
      if (target?.kind === 'note' && target.note.id !== note.id) {
        if (target.note.groupId && target.note.groupId === note.groupId) return 'none'
        if (target.note.groupId) {
          addToGroup(doc, note.id, target.note.groupId, origin)
          return 'joined'
        }
        groupNotes(doc, target.note.id, note.id, origin)
        return 'grouped'
      }
      if (target?.kind === 'group') {
        if (target.group.id === note.groupId) return 'none'
        addToGroup(doc, note.id, target.group.id, origin)
        return 'joined'
      }
      if (note.groupId) {
        removeFromGroup(doc, note.id, pos, origin)
        return 'left'
      }
      moveNote(doc, note.id, pos, origin)
      return 'moved'
    }
    const group = item.group
    // Dropped on a 小グループ, a group joins that 小グループ's group beside it (one level of nesting only).
    // Before, it was moved there as a top-level frame, and making room for it pushed the group aimed at away.
    const into = target?.kind === 'group' && target.group.id !== group.id ? (target.group.parentId ?? target.group.id) : undefined
    if (into && into !== group.id && !item.hasChildren) {
      if (group.parentId === into) return 'none'
      nestGroup(doc, group.id, into, origin)
      return 'nested'
    }
    moveGroup(doc, group.id, pos, origin)
    return 'moved'
  } catch (error) {
    // A concurrent change (the target vanished, nesting became impossible) makes the drop a no-op.
    if (error instanceof GroupError) return 'none'
    throw error
  }
}
