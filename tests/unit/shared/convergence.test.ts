/**
 * Seeded random sequences of board operations on three tablets whose updates arrive late, out of order
 * and some only at the very end. Whatever happened, once everything is delivered the three documents
 * must be the same and show the same board.
 *
 * Each sequence is fully determined by its seed (operations, arguments, delivery order, record ids,
 * Yjs client ids and clocks), so a failing seed can be run alone: CONVERGENCE_SEED=17 npx vitest run
 * tests/unit/shared/convergence.test.ts — and then pinned below as a regression case.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { addNote, deleteNote, editNoteText, moveNote, NoteError, setNoteColor, setNoteKind } from '../../../shared/ops/notes.ts'
import {
  addToGroup,
  dissolveGroup,
  GroupError,
  groupNotes,
  moveGroup,
  nestGroup,
  removeFromGroup,
  renameGroup,
} from '../../../shared/ops/groups.ts'
import { linkItems, unlinkItems } from '../../../shared/ops/links.ts'
import { canvasView, readBoard, type BoardSnapshot, type CanvasView } from '../../../shared/board.ts'
import { migrateBoard } from '../../../shared/migrations.ts'
import {
  CANVASES,
  groupsMap,
  linksMap,
  NOTE_COLORS,
  NOTE_TEXT_MAX,
  notesMap,
  RESOURCE_KINDS,
  type Canvas,
  type Group,
  type LinkEnd,
  type Note,
  type NoteInput,
  type Point,
} from '../../../shared/schema.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const SEEDS = 200
/**
 * Seeds that once failed, kept so that they keep being run whatever SEEDS becomes.
 * 6: groupNotes cut a long emoji title in the middle of a surrogate pair; the writer kept the lone
 *    surrogate while the other tablets decoded U+FFFD, so the boards never converged.
 */
const REGRESSION_SEEDS: readonly number[] = [6]
const TABLES = ['', '北町', '南町'] as const
/** Most notes land on one canvas of one table, so that groups meet and nest; the rest spread out. */
const SPACES = { canvas: ['need', 'need', 'need', 'need', 'need', 'resource', 'action'], table: ['北町', '北町', '北町', '北町', '北町', '北町', '', '南町'] } as const
const TEXTS = ['バスが少ない', '  買い物が大変  ', '見守りの人手が足りない🙏', 'ゴミ出し', '🚌'.repeat(NOTE_TEXT_MAX)]
/** Texts the operations refuse. */
const BAD_TEXTS = ['   ', 'あ'.repeat(NOTE_TEXT_MAX + 1)]
const text = (rng: Rng): string => (rng.chance(0.1) ? rng.pick(BAD_TEXTS) : rng.pick(TEXTS))
const TITLES = ['', '移動', ' 買い物の足 ', '見守り🤝', `会${'🚌'.repeat(70)}`, 'あ'.repeat(61)]
const REMOTE = Symbol('remote')

type Rng = ReturnType<typeof prng>

/** mulberry32: a tiny seeded PRNG, so that a sequence is the same on every run. */
function prng(seed: number) {
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

/** Record ids come from crypto.getRandomValues; seeding it makes a failing sequence replayable. */
function seedIds(rng: Rng): void {
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((array: ArrayBufferView | null) => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256)
    }
    return array
  }) as typeof globalThis.crypto.getRandomValues)
}

interface Tablet {
  doc: Y.Doc
  /** The person at this tablet: the origin of their changes, the one their undo manager tracks. */
  person: { tablet: number }
  undo: Y.UndoManager
  /** Updates on their way to this tablet, not yet applied. */
  inbox: { update: Uint8Array; heldToEnd: boolean }[]
}

function tablets(rng: Rng): Tablet[] {
  const ids = new Set<number>()
  while (ids.size < 3) ids.add(1 + rng.int(2 ** 30))
  const out = [...ids].map((clientID, i): Tablet => {
    const doc = new Y.Doc()
    doc.clientID = clientID
    const person = { tablet: i }
    const undo = new Y.UndoManager([notesMap(doc), groupsMap(doc), linksMap(doc)], { trackedOrigins: new Set([person]), captureTimeout: 0 })
    return { doc, person, undo, inbox: [] }
  })
  for (const from of out) {
    from.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return
      for (const to of out) if (to !== from) to.inbox.push({ update, heldToEnd: rng.chance(0.15) })
    })
  }
  return out
}

/** Applies one update that is on its way, chosen at random among those not held to the end. */
function deliverOne(rng: Rng, all: Tablet[]): void {
  const ready = all.filter((t) => t.inbox.some((m) => !m.heldToEnd))
  if (ready.length === 0) return
  const to = rng.pick(ready)
  const indexes = to.inbox.flatMap((m, i) => (m.heldToEnd ? [] : [i]))
  const [message] = to.inbox.splice(rng.pick(indexes), 1)
  Y.applyUpdate(to.doc, message!.update, REMOTE)
}

function deliverAll(rng: Rng, all: Tablet[]): void {
  for (const to of all) {
    while (to.inbox.length > 0) {
      const [message] = to.inbox.splice(rng.int(to.inbox.length), 1)
      Y.applyUpdate(to.doc, message!.update, REMOTE)
    }
  }
}

interface Step {
  doc: Y.Doc
  person: object
  undo: Y.UndoManager
  board: BoardSnapshot
  rng: Rng
  now: number
}

const sameSpace = (a: { canvas: Canvas; table: string }) => (b: { canvas: Canvas; table: string }) => a.canvas === b.canvas && a.table === b.table
const ends = (board: BoardSnapshot): LinkEnd[] => [
  ...board.notes.map((n): LinkEnd => ({ type: 'note', id: n.id })),
  ...board.groups.map((g): LinkEnd => ({ type: 'group', id: g.id })),
]

/** Each operation draws its arguments from what its tablet sees; false when there was nothing to do it on. */
const OPERATIONS: Record<string, { weight: number; run(s: Step): boolean }> = {
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

const NAMES = Object.keys(OPERATIONS)
const TOTAL_WEIGHT = NAMES.reduce((sum, name) => sum + OPERATIONS[name]!.weight, 0)

function pickOperation(rng: Rng): string {
  let r = rng.next() * TOTAL_WEIGHT
  for (const name of NAMES) {
    r -= OPERATIONS[name]!.weight
    if (r < 0) return name
  }
  return NAMES[NAMES.length - 1]!
}

/** How often each operation did something across the seeds run so far (a check that the runs are not hollow). */
const applied = new Map<string, number>()

/** Runs one seeded sequence and returns the three tablets once everything has been delivered. */
function runSequence(seed: number): Tablet[] {
  const rng = prng(seed)
  seedIds(prng(seed ^ 0x5eed))
  const all = tablets(rng)
  const steps = 40 + rng.int(21)
  for (let step = 0; step < steps; step++) {
    const tablet = rng.pick(all)
    const board = readBoard(tablet.doc)
    const name = board.notes.length < 6 && rng.chance(0.6) ? 'addNote' : pickOperation(rng)
    // A few operations share a millisecond, so that ties in createdAt are ordered by id.
    const now = 1_700_000_000_000 + Math.floor(step / 3)
    try {
      if (OPERATIONS[name]!.run({ doc: tablet.doc, person: tablet.person, undo: tablet.undo, board, rng, now })) {
        applied.set(name, (applied.get(name) ?? 0) + 1)
      }
    } catch (error) {
      // A refused precondition (empty text, nesting too deep, another canvas) is part of the game.
      if (!(error instanceof NoteError || error instanceof GroupError)) throw error
    }
    for (let n = rng.int(4); n > 0; n--) deliverOne(rng, all)
  }
  deliverAll(rng, all)
  return all
}

/** Every note and group of a canvas shows exactly once, and nesting is at most one level deep. */
function checkView(view: CanvasView, board: BoardSnapshot, message: string): void {
  const here = sameSpace(view)
  const noteIds: string[] = [...view.loose.map((n) => n.id)]
  const groupIds: string[] = []
  for (const top of view.groups) {
    groupIds.push(top.group.id)
    noteIds.push(...top.notes.map((n) => n.id))
    for (const child of top.children) {
      expect(child.children, message).toEqual([])
      groupIds.push(child.group.id)
      noteIds.push(...child.notes.map((n) => n.id))
    }
  }
  expect(noteIds.sort(), message).toEqual(board.notes.filter(here).map((n) => n.id).sort())
  expect(groupIds.sort(), message).toEqual(board.groups.filter(here).map((g) => g.id).sort())
}

function checkConverged(seed: number, all: Tablet[]): void {
  const message = `convergence seed ${seed} (rerun with CONVERGENCE_SEED=${seed})`
  const [first, ...rest] = all.map((t) => t.doc)
  for (const doc of [first!, ...rest]) {
    expect(doc.store.pendingStructs, message).toBeNull()
    expect(doc.store.pendingDs, message).toBeNull()
  }
  const vector = Array.from(Y.encodeStateVector(first!))
  const board = readBoard(first!)
  const json = JSON.stringify(board)
  const views = CANVASES.flatMap((canvas) => TABLES.map((table) => canvasView(board, canvas, table)))
  for (const doc of rest) {
    expect(Array.from(Y.encodeStateVector(doc)), message).toEqual(vector)
    expect(JSON.stringify(readBoard(doc)), message).toBe(json)
    const other = readBoard(doc)
    for (const view of views) expect(JSON.stringify(canvasView(other, view.canvas, view.table)), message).toBe(JSON.stringify(view))
  }
  for (const view of views) checkView(view, board, message)
}

function converges(seed: number): void {
  try {
    checkConverged(seed, runSequence(seed))
  } catch (error) {
    console.log(`convergence failed for seed ${seed}; rerun with CONVERGENCE_SEED=${seed}`)
    throw error
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('board operations on three tablets with late, out-of-order delivery', () => {
  const only = process.env.CONVERGENCE_SEED
  if (only !== undefined && only !== '') {
    const seed = Number(only)
    it(`converges for seed ${seed} (from CONVERGENCE_SEED)`, () => {
      expect(Number.isInteger(seed), `CONVERGENCE_SEED=${only} is not an integer`).toBe(true)
      converges(seed)
    })
  } else {
    for (const seed of REGRESSION_SEEDS) it(`converges for regression seed ${seed}`, () => converges(seed))
    for (let seed = 1; seed <= SEEDS; seed++) it(`converges for seed ${seed}`, () => converges(seed))
    it('exercised every operation in the seeds above', () => {
      const counts = Object.fromEntries(NAMES.map((name) => [name, applied.get(name) ?? 0]))
      const rare = NAMES.filter((name) => counts[name]! <= SEEDS / 10)
      expect(rare, `operations applied over all seeds: ${JSON.stringify(counts)}`).toEqual([])
    })
  }
})
