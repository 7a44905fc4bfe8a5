/**
 * The seeded random board operations shared by the convergence tests: the PRNG, the table of
 * operations with their weights, and how each one picks its arguments from what its tablet sees.
 * Used in memory (tests/unit/shared/convergence.test.ts) and through the real server
 * (tests/unit/server/convergence.test.ts).
 */
import { vi } from 'vitest'
import type * as Y from 'yjs'
import { addNote, deleteNote, editNoteText, moveNote, NoteError, setNoteColor, setNoteKind } from '../../shared/ops/notes.ts'
import {
  addToGroup,
  dissolveGroup,
  GroupError,
  groupNotes,
  moveGroup,
  nestGroup,
  removeFromGroup,
  renameGroup,
} from '../../shared/ops/groups.ts'
import { linkItems, unlinkItems } from '../../shared/ops/links.ts'
import { migrateBoard } from '../../shared/migrations.ts'
import type { BoardSnapshot } from '../../shared/board.ts'
import {
  NOTE_COLORS,
  NOTE_TEXT_MAX,
  RESOURCE_KINDS,
  type Canvas,
  type Group,
  type LinkEnd,
  type Note,
  type NoteInput,
  type Point,
} from '../../shared/schema.ts'
import type { ParticipantId } from '../../shared/ids.ts'

/** Most notes land on one canvas of one table, so that groups meet and nest; the rest spread out. */
const SPACES = { canvas: ['need', 'need', 'need', 'need', 'need', 'resource', 'action'], table: ['北町', '北町', '北町', '北町', '北町', '北町', '', '南町'] } as const
/** Every table the operations put notes on. */
export const TABLES = ['', '北町', '南町'] as const
const TEXTS = ['バスが少ない', '  買い物が大変  ', '見守りの人手が足りない🙏', 'ゴミ出し', '🚌'.repeat(NOTE_TEXT_MAX)]
/** Texts the operations refuse. */
const BAD_TEXTS = ['   ', 'あ'.repeat(NOTE_TEXT_MAX + 1)]
const text = (rng: Rng): string => (rng.chance(0.1) ? rng.pick(BAD_TEXTS) : rng.pick(TEXTS))
const TITLES = ['', '移動', ' 買い物の足 ', '見守り🤝', `会${'🚌'.repeat(70)}`, 'あ'.repeat(61)]

export type Rng = ReturnType<typeof prng>

/** mulberry32: a tiny seeded PRNG, so that a sequence is the same on every run. */
export function prng(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[int(items.length)]!
  }
  const chance = (p: number): boolean => next() < p
  const point = (): Point => ({ x: next() * 2400 - 200, y: next() * 1600 - 100 })
  return { next, int, pick, chance, point }
}

/**
 * Record ids come from crypto.getRandomValues; seeding it makes a failing sequence replayable.
 * Only for in-memory tests: with a server in the same process it would also feed the server.
 */
export function seedIds(rng: Rng): void {
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((array: ArrayBufferView | null) => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256)
    }
    return array
  }) as typeof globalThis.crypto.getRandomValues)
}

/** What an operation runs on: one tablet's document, person and undo manager, and the board it sees. */
export interface Step {
  doc: Y.Doc
  person: object
  undo: Y.UndoManager
  board: BoardSnapshot
  rng: Rng
  now: number
}

export const sameSpace = (a: { canvas: Canvas; table: string }) => (b: { canvas: Canvas; table: string }) => a.canvas === b.canvas && a.table === b.table
const ends = (board: BoardSnapshot): LinkEnd[] => [
  ...board.notes.map((n): LinkEnd => ({ type: 'note', id: n.id })),
  ...board.groups.map((g): LinkEnd => ({ type: 'group', id: g.id })),
]

/** Each operation draws its arguments from what its tablet sees; false when there was nothing to do it on. */
export const OPERATIONS: Record<string, { weight: number; run(s: Step): boolean }> = {
  addNote: {
    weight: 4,
    run: ({ doc, person, rng, now }) => {
      const input: NoteInput = {
        text: text(rng),
        canvas: rng.pick(SPACES.canvas),
        color: rng.pick(NOTE_COLORS),
        authorId: `p_${rng.int(5)}` as ParticipantId,
        authorName: rng.pick(['', 'さくら', 'はな']),
        table: rng.pick(SPACES.table),
      }
      if (rng.chance(0.5)) input.kind = rng.pick(RESOURCE_KINDS)
      if (rng.chance(0.5)) input.pos = rng.point()
      addNote(doc, input, person, now)
      return true
    },
  },
  editNoteText: noteOp((s, note) => editNoteText(s.doc, note.id, text(s.rng), s.person)),
  setNoteColor: noteOp((s, note) => setNoteColor(s.doc, note.id, s.rng.pick(NOTE_COLORS), s.person)),
  setNoteKind: noteOp((s, note) => setNoteKind(s.doc, note.id, s.rng.chance(0.3) ? null : s.rng.pick(RESOURCE_KINDS), s.person)),
  moveNote: noteOp((s, note) => moveNote(s.doc, note.id, s.rng.point(), s.person)),
  deleteNote: noteOp((s, note) => deleteNote(s.doc, note.id, s.person), 2),
  groupNotes: {
    weight: 8,
    run: ({ doc, person, board, rng, now }) => {
      // Mostly a loose note dropped on a loose note, as on the board; sometimes notes already in groups.
      const loose = board.notes.filter((n) => n.groupId === undefined)
      const candidates = loose.length >= 2 && rng.chance(0.8) ? loose : board.notes
      if (candidates.length === 0) return false
      const target = rng.pick(candidates)
      const others = candidates.filter((n) => n.id !== target.id && sameSpace(target)(n))
      if (others.length === 0) return false
      groupNotes(doc, target.id, rng.pick(others).id, person, rng.pick(TITLES), now)
      return true
    },
  },
  addToGroup: {
    weight: 5,
    run: ({ doc, person, board, rng }) => {
      if (board.notes.length === 0) return false
      const note = rng.pick(board.notes)
      const groups = board.groups.filter(sameSpace(note))
      if (groups.length === 0) return false
      addToGroup(doc, note.id, rng.pick(groups).id, person)
      return true
    },
  },
  removeFromGroup: {
    weight: 4,
    run: ({ doc, person, board, rng }) => {
      const grouped = board.notes.filter((n) => n.groupId !== undefined)
      if (grouped.length === 0) return false
      removeFromGroup(doc, rng.pick(grouped).id, rng.point(), person)
      return true
    },
  },
  renameGroup: groupOp((s, group) => renameGroup(s.doc, group.id, s.rng.pick(TITLES), s.person)),
  moveGroup: groupOp((s, group) => moveGroup(s.doc, group.id, s.rng.point(), s.person), 3),
  nestGroup: {
    weight: 8,
    run: ({ doc, person, board, rng }) => {
      if (board.groups.length === 0) return false
      const child = rng.pick(board.groups)
      // Mostly drop on a top-level group, which is allowed; sometimes on a child, which is refused.
      const topLevel = rng.chance(0.8)
      const parents = board.groups.filter((g) => g.id !== child.id && sameSpace(child)(g) && (!topLevel || g.parentId === undefined))
      if (parents.length === 0) return false
      nestGroup(doc, child.id, rng.pick(parents).id, person)
      return true
    },
  },
  dissolveGroup: groupOp((s, group) => dissolveGroup(s.doc, group.id, s.person)),
  linkItems: {
    weight: 3,
    run: ({ doc, person, board, rng, now }) => {
      const all = ends(board)
      if (all.length < 2) return false
      linkItems(doc, rng.pick(all), rng.pick(all), person, now)
      return true
    },
  },
  unlinkItems: {
    weight: 2,
    run: ({ doc, person, board, rng }) => {
      if (board.links.length === 0) return false
      const link = rng.pick(board.links)
      if (rng.chance(0.5)) unlinkItems(doc, link.from, link.to, person)
      else unlinkItems(doc, link.to, link.from, person)
      return true
    },
  },
  undo: { weight: 3, run: ({ undo }) => undo.undo() !== null },
  redo: { weight: 5, run: ({ undo }) => undo.redo() !== null },
  migrateBoard: { weight: 0.3, run: ({ doc }) => (migrateBoard(doc), true) },
}

function noteOp(run: (s: Step, note: Note) => void, weight = 3) {
  return {
    weight,
    run: (s: Step): boolean => {
      if (s.board.notes.length === 0) return false
      run(s, s.rng.pick(s.board.notes))
      return true
    },
  }
}

function groupOp(run: (s: Step, group: Group) => void, weight = 2) {
  return {
    weight,
    run: (s: Step): boolean => {
      if (s.board.groups.length === 0) return false
      run(s, s.rng.pick(s.board.groups))
      return true
    },
  }
}

/** The names of all operations, in table order. */
export const NAMES = Object.keys(OPERATIONS)
const TOTAL_WEIGHT = NAMES.reduce((sum, name) => sum + OPERATIONS[name]!.weight, 0)

export function pickOperation(rng: Rng): string {
  let r = rng.next() * TOTAL_WEIGHT
  for (const name of NAMES) {
    r -= OPERATIONS[name]!.weight
    if (r < 0) return name
  }
  return NAMES[NAMES.length - 1]!
}

/**
 * Picks an operation (mostly adding notes while the board has few) and runs it on `s`.
 * Returns its name and whether it did something: false when there was nothing to do it on or when
 * the operation refused its arguments (empty text, nesting too deep, another canvas), which is part
 * of the game. Any other error is thrown.
 */
export function randomOperation(s: Step): { name: string; applied: boolean } {
  const name = s.board.notes.length < 6 && s.rng.chance(0.6) ? 'addNote' : pickOperation(s.rng)
  try {
    return { name, applied: OPERATIONS[name]!.run(s) }
  } catch (error) {
    if (!(error instanceof NoteError || error instanceof GroupError)) throw error
    return { name, applied: false }
  }
}
