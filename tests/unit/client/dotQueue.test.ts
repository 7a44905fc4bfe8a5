import { describe, expect, it } from 'vitest'
import { applyQueue, withRemoval } from '../../../client/control/dotQueue.ts'

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
})
