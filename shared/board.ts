/**
 * The board as people see it, derived from the document: per canvas and table, top-level groups with
 * their notes and 小グループ, and the loose notes. Concurrent edits can leave odd shapes (a note whose
 * group was deleted, two groups nested in each other, a frame grown by two tablets at once over what each
 * had made room for); they are resolved here, the same way on every device, without writing anything.
 */
import type * as Y from 'yjs'
import { PLENARY_TABLE, type Canvas, type Group, type Link, type LinkEnd, type Note } from './schema.ts'
import { listNotes, viewNoteReader } from './ops/notes.ts'
import { listGroups } from './ops/groups.ts'
import { listLinks } from './ops/links.ts'
import { readLikes } from './ops/likes.ts'
import { clearOfFrames } from './ops/place.ts'

export interface BoardSnapshot {
  notes: Note[]
  groups: Group[]
  links: Link[]
  /** いいね: note id → who liked it. */
  likes: Record<string, string[]>
}

/** The board without the notes the facilitator hid (what participants and the projector see). */
export const withoutHidden = (board: BoardSnapshot): BoardSnapshot => ({ ...board, notes: board.notes.filter((n) => !n.hidden) })

/** The tables a board can be looked at by: the session's (or the single unnamed one), then the plenary. */
export const viewableTables = (tables: readonly string[]): string[] => [...(tables.length > 0 ? tables : ['']), PLENARY_TABLE]

/** How a link end reads in a list: the note's text, or the group's 【表札】 (`untitled` when it has none); '' when gone. */
export function endText(board: BoardSnapshot, end: LinkEnd, untitled: string): string {
  if (end.type === 'note') return board.notes.find((n) => n.id === end.id)?.text ?? ''
  const g = board.groups.find((x) => x.id === end.id)
  return g ? `【${g.title.trim() || untitled}】` : ''
}

export const EMPTY_BOARD: BoardSnapshot = { notes: [], groups: [], links: [], likes: {} }

/** A link whose note or group was deleted concurrently is left out: it points at nothing. */
export function readBoard(doc: Y.Doc, readNote?: (ymap: Y.Map<unknown>) => Note | undefined): BoardSnapshot {
  const notes = listNotes(doc, readNote)
  const groups = listGroups(doc)
  const exists = new Set([...notes.map((n) => `note:${n.id}`), ...groups.map((g) => `group:${g.id}`)])
  const links = listLinks(doc).filter((l) => exists.has(`${l.from.type}:${l.from.id}`) && exists.has(`${l.to.type}:${l.to.id}`))
  return { notes, groups, links, likes: readLikes(doc) }
}

/** readBoard for a view's store (useDocValue): unchanged notes are the same objects as last time. */
export const readBoardView = (doc: Y.Doc): BoardSnapshot => readBoard(doc, viewNoteReader(doc))

export interface GroupView {
  group: Group
  notes: Note[]
  children: GroupView[]
}

export interface CanvasView {
  canvas: Canvas
  table: string
  groups: GroupView[]
  loose: Note[]
}

/**
 * A canvas of a table as it is drawn (on the tablets, the projector, in print): as stored, except that no loose
 * note and no group is left under another group's frame (clearOfFrames). Each operation makes room for the
 * frame it makes or grows, but two tablets growing one frame at once each made room for one note, and the
 * merged frame, holding both, lay over what was beside it. Read, not written: every device that has the same
 * document draws the same board, and two devices never write competing repairs.
 */
export function canvasView(board: BoardSnapshot, canvas: Canvas, table: string): CanvasView {
  return clearOfFrames(storedCanvasView(board, canvas, table))
}

/** A canvas of a table with every frame and loose note where the document has it (what makeRoomFor works on). */
export function storedCanvasView(board: BoardSnapshot, canvas: Canvas, table: string): CanvasView {
  const here = (x: { canvas: Canvas; table: string }) => x.canvas === canvas && x.table === table
  const groups = board.groups.filter(here)
  const byId = new Map(groups.map((g) => [g.id as string, g]))
  const hasValidParent = (g: Group): boolean => g.parentId !== undefined && byId.has(g.parentId)
  /** A group is a child only when its parent exists here and is itself top-level (one level deep). */
  const parentOf = (g: Group): Group | undefined => {
    if (!g.parentId) return undefined
    const parent = byId.get(g.parentId)
    return parent && !hasValidParent(parent) ? parent : undefined
  }
  const views = new Map<string, GroupView>(groups.map((g) => [g.id, { group: g, notes: [], children: [] }]))
  const top: GroupView[] = []
  for (const g of groups) {
    const parent = parentOf(g)
    if (parent) views.get(parent.id)!.children.push(views.get(g.id)!)
    else top.push(views.get(g.id)!)
  }
  const loose: Note[] = []
  for (const note of board.notes) {
    if (!here(note)) continue
    const view = note.groupId ? views.get(note.groupId) : undefined
    if (view) view.notes.push(note)
    else loose.push(note)
  }
  return { canvas, table, groups: top, loose }
}

/** Vote-free, layout-free count of what a canvas holds, for tabs and overviews. */
export const countNotes = (board: BoardSnapshot, canvas: Canvas, table: string): number =>
  board.notes.filter((n) => n.canvas === canvas && n.table === table).length
