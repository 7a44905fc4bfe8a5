import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VoteState } from '../../../shared/control.ts'
import { applyQueue, clearQueues, keepCount, keepVote, queuedCount, queuedDots, readKnownVote, readQueue, startingCount, withPlacement, withRemoval, writeQueue } from '../../../client/control/dotQueue.ts'

/** The tablet's localStorage, as the page has it (Node has none). */
class MemoryStorage {
  private items = new Map<string, string>()
  get length(): number {
    return this.items.size
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value))
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

const vote = (roundId: string, status: VoteState['status'] = 'open'): VoteState => ({ roundId, status, canvas: 'need', dots: 3, onePerNote: false, live: false, totals: { a: 2 } })

describe('dots kept on a tablet while offline', () => {
  it('show on top of the server\'s count: placed ones use up dots, taken back ones give them back', () => {
    expect(applyQueue({ a: 1 }, 2, 3, [{ noteId: 'a' }, { noteId: 'b' }])).toEqual({ mine: { a: 2, b: 1 }, remaining: 0 })
    expect(applyQueue({ a: 2 }, 1, 3, [{ noteId: 'a', remove: true }])).toEqual({ mine: { a: 1 }, remaining: 2 })
    // Taking back a dot the note does not have changes nothing; the count stays within the vote's dots.
    expect(applyQueue({}, 3, 3, [{ noteId: 'a', remove: true }])).toEqual({ mine: {}, remaining: 3 })
    expect(applyQueue({ a: 1 }, 0, 3, [{ noteId: 'a', remove: true }, { noteId: 'a', remove: true }])).toEqual({ mine: {}, remaining: 1 })
  })

  it('drop a kept dot that is taken back before it was sent, and keep the taking back of one the server has', () => {
    expect(withRemoval([{ noteId: 'a' }, { noteId: 'b' }, { noteId: 'a' }], 'a')).toEqual([{ noteId: 'a' }, { noteId: 'b' }])
    expect(withRemoval([{ noteId: 'b' }], 'a')).toEqual([{ noteId: 'b' }, { noteId: 'a', remove: true }])
  })

  it('cancel a kept taking back when a dot is placed again on that note: nothing is left to send, none is counted 未送信', () => {
    // The server has a dot on a; offline, the resident takes it back, then thinks again and places it again.
    vi.stubGlobal('localStorage', new MemoryStorage())
    const ops = withPlacement(withRemoval([], 'a'), 'a')
    expect(ops).toEqual([])
    writeQueue('s1', 'r1', withRemoval([], 'a'))
    expect(queuedCount('s1')).toBe(1)
    writeQueue('s1', 'r1', ops)
    expect(queuedCount('s1')).toBe(0)
    vi.unstubAllGlobals()
    expect(applyQueue({ a: 1 }, 2, 3, ops)).toEqual({ mine: { a: 1 }, remaining: 2 })
    // Another note's taking back stays; a dot on a note with none kept is kept to be sent.
    expect(withPlacement([{ noteId: 'b', remove: true }], 'a')).toEqual([{ noteId: 'b', remove: true }, { noteId: 'a' }])
    expect(withPlacement([{ noteId: 'a' }], 'a')).toEqual([{ noteId: 'a' }, { noteId: 'a' }])
  })

  it('are counted per note for the 未送信 mark, a kept taking back cancelling one', () => {
    expect(queuedDots([{ noteId: 'a' }, { noteId: 'b' }, { noteId: 'a' }])).toEqual({ a: 2, b: 1 })
    // Taking back a dot the server has, then placing one again: the note ends as the server has it.
    expect(queuedDots([{ noteId: 'a', remove: true }, { noteId: 'a' }, { noteId: 'b', remove: true }])).toEqual({})
    expect(queuedDots([])).toEqual({})
  })
})

describe('the vote a tablet remembers, for a reload without a connection', () => {
  beforeEach(() => vi.stubGlobal('localStorage', new MemoryStorage()))
  afterEach(() => vi.unstubAllGlobals())

  it('keeps the round and the server\'s count of this person\'s dots across a reload, without the totals', () => {
    expect(readKnownVote('s1')).toEqual({ vote: null, counted: null })
    keepVote('s1', vote('r1'))
    keepCount('s1', { roundId: 'r1', mine: { a: 1 }, remaining: 2 })
    expect(readKnownVote('s1')).toEqual({ vote: { ...vote('r1'), totals: {} }, counted: { roundId: 'r1', mine: { a: 1 }, remaining: 2 } })
    // Another session on the same tablet is apart.
    expect(readKnownVote('s2')).toEqual({ vote: null, counted: null })
  })

  it('keeps a count only for the round it knows, and forgets it when a new round opens', () => {
    keepVote('s1', vote('r1'))
    keepCount('s1', { roundId: 'r0', mine: { a: 3 }, remaining: 0 })
    expect(readKnownVote('s1').counted).toBeNull()
    keepCount('s1', { roundId: 'r1', mine: { a: 1 }, remaining: 2 })
    keepVote('s1', vote('r1', 'closed'))
    expect(readKnownVote('s1')).toMatchObject({ vote: { roundId: 'r1', status: 'closed' }, counted: { roundId: 'r1' } })
    keepVote('s1', vote('r2'))
    expect(readKnownVote('s1')).toMatchObject({ vote: { roundId: 'r2', status: 'open' }, counted: null })
    keepVote('s1', null)
    expect(readKnownVote('s1')).toEqual({ vote: null, counted: null })
  })

  it('starts a round the server has not answered for with its full dots', () => {
    expect(startingCount('r1', 3, { roundId: 'r1', mine: { a: 1 }, remaining: 2 })).toEqual({ roundId: 'r1', mine: { a: 1 }, remaining: 2 })
    expect(startingCount('r2', 3, { roundId: 'r1', mine: { a: 1 }, remaining: 2 })).toEqual({ roundId: 'r2', mine: {}, remaining: 3 })
    expect(startingCount('r2', 5, null)).toEqual({ roundId: 'r2', mine: {}, remaining: 5 })
  })

  it('reads nothing from what is not a vote (an older page, a damaged entry)', () => {
    for (const raw of ['{', '[]', '{"vote":{"roundId":1}}', '{"vote":{"roundId":"r1","canvas":"nowhere","dots":3}}']) {
      localStorage.setItem('yoriai:vote:s1', raw)
      expect(readKnownVote('s1')).toEqual({ vote: null, counted: null })
    }
    localStorage.setItem('yoriai:vote:s1', JSON.stringify({ vote: vote('r1'), counted: { roundId: 'r1', mine: { a: 1, b: 'x', c: -1 }, remaining: -4 } }))
    expect(readKnownVote('s1')).toMatchObject({ vote: { roundId: 'r1' }, counted: null })
    localStorage.setItem('yoriai:vote:s1', JSON.stringify({ vote: vote('r1'), counted: { roundId: 'r1', mine: { a: 1, b: 'x', c: -1 }, remaining: 1 } }))
    expect(readKnownVote('s1').counted).toEqual({ roundId: 'r1', mine: { a: 1 }, remaining: 1 })
  })

  it('is erased with the kept dots when the person leaves the tablet (この端末から退出)', () => {
    keepVote('s1', vote('r1'))
    keepCount('s1', { roundId: 'r1', mine: { a: 1 }, remaining: 2 })
    writeQueue('s1', 'r1', [{ noteId: 'b' }])
    clearQueues('s1')
    expect(readKnownVote('s1')).toEqual({ vote: null, counted: null })
    expect(readQueue('s1', 'r1')).toEqual([])
    expect(localStorage.length).toBe(0)
  })
})
