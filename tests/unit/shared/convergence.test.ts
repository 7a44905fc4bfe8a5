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
import { canvasView, readBoard, type BoardSnapshot, type CanvasView } from '../../../shared/board.ts'
import { CANVASES, groupsMap, linksMap, notesMap } from '../../../shared/schema.ts'
import { layoutGroup, NOTE_H, NOTE_W } from '../../../shared/layout.ts'
import { overlaps, type Rect } from '../../../shared/ops/place.ts'
import { NAMES, prng, randomOperation, sameSpace, seedIds, TABLES, type Rng } from '../../helpers/randomOps.ts'

const SEEDS = 200
/**
 * Seeds that once failed, kept so that they keep being run whatever SEEDS becomes.
 * 6: groupNotes cut a long emoji title in the middle of a surrogate pair; the writer kept the lone
 *    surrogate while the other tablets decoded U+FFFD, so the boards never converged.
 */
const REGRESSION_SEEDS: readonly number[] = [6]
const REMOTE = Symbol('remote')

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
    // A few operations share a millisecond, so that ties in createdAt are ordered by id.
    const now = 1_700_000_000_000 + Math.floor(step / 3)
    // A refused precondition (empty text, nesting too deep, another canvas) is part of the game.
    const { name, applied: did } = randomOperation({ doc: tablet.doc, person: tablet.person, undo: tablet.undo, board, rng, now })
    if (did) applied.set(name, (applied.get(name) ?? 0) + 1)
    for (let n = rng.int(4); n > 0; n--) deliverOne(rng, all)
  }
  deliverAll(rng, all)
  return all
}

/**
 * Every note and group of a canvas shows exactly once, and nesting is at most one level deep; nothing is drawn
 * under a group's frame (concurrent moves, and frames grown on two tablets at once, once left some there).
 */
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
  const frames = view.groups.map((gv): [string, Rect] => [`group:${gv.group.id}`, { ...gv.group.pos, ...layoutGroup(gv) }])
  const drawn = [...frames, ...view.loose.map((n): [string, Rect] => [`note:${n.id}`, { ...n.pos, w: NOTE_W, h: NOTE_H }])]
  const under = frames.flatMap(([f, frame]) => drawn.filter(([id, r]) => id !== f && overlaps(frame, r)).map(([id]) => `${id} under ${f}`))
  expect(under, `${message}: on ${view.canvas} ${view.table}`).toEqual([])
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
