/**
 * The one adapter from drag-and-drop to board operations (components never touch Y.Maps).
 * KJ法 rules: a note on a note makes a group, on a group joins it, on open canvas leaves its group;
 * a group on a group becomes its 小グループ, on open canvas moves (and leaves its parent).
 */
import type * as Y from 'yjs'
import type { Group, Note, Point } from '../../shared/schema.ts'
import { moveNote } from '../../shared/ops/notes.ts'
import { addToGroup, groupNotes, moveGroup, nestGroup, removeFromGroup, GroupError } from '../../shared/ops/groups.ts'

export type DragItem = { kind: 'note'; note: Note } | { kind: 'group'; group: Group; hasChildren: boolean }
export type DropTarget = { kind: 'note'; note: Note } | { kind: 'group'; group: Group } | null

/** `outside`: released outside the canvas, nothing changed. */
export type DropOutcome = 'moved' | 'grouped' | 'joined' | 'left' | 'nested' | 'none' | 'outside'

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
    if (target && target.kind === 'group' && target.group.id !== group.id && !item.hasChildren && !target.group.parentId) {
      if (group.parentId === target.group.id) return 'none'
      nestGroup(doc, group.id, target.group.id, origin)
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
