import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNote, deleteNote, editNoteText, getNote, listNotes } from '../../../shared/ops/notes.ts'
import { keepInTrash, keepOverwritten, listTrash, restoreFromTrash, trashEntryKey, trashKey, validateTrashEntry } from '../../../shared/trash.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const hanako = 'p_hanako' as ParticipantId
const input = { text: '回覧板', canvas: 'need' as const, color: 'yellow' as const, authorId: hanako, authorName: 'はなこ', table: '' }

describe('validateTrashEntry', () => {
  const doc = new Y.Doc()
  const note = addNote(doc, input)
  it('accepts both reasons', () => {
    expect(validateTrashEntry({ note, trashedAt: 1, reason: 'deleted-while-edited' }).ok).toBe(true)
    expect(validateTrashEntry({ note, trashedAt: 1, reason: 'overwritten-while-edited' }).ok).toBe(true)
  })
  it('refuses an unknown reason, a missing one, and an overwritten copy whose time is not whole', () => {
    expect(validateTrashEntry({ note, trashedAt: 1, reason: 'overwritten' }).ok).toBe(false)
    expect(validateTrashEntry({ note, trashedAt: 1 }).ok).toBe(false)
    expect(validateTrashEntry({ note, trashedAt: 1.5, reason: 'overwritten-while-edited' }).ok).toBe(false)
    expect(validateTrashEntry({ note: { ...note, text: 1 }, trashedAt: 1, reason: 'overwritten-while-edited' }).ok).toBe(false)
  })
  it('gives a deleted note its one slot and each overwritten copy its own', () => {
    expect(trashEntryKey({ note, trashedAt: 7, reason: 'deleted-while-edited' })).toBe(trashKey(note))
    expect(trashEntryKey({ note, trashedAt: 7, reason: 'overwritten-while-edited' })).toBe(`${note.id}@7:${hanako}`)
  })
})

describe('keepOverwritten', () => {
  it('keeps a copy while the note is on the board, and restores it beside the note without touching it', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input)
    editNoteText(doc, note.id, '回覧板が回ってこない（ファシリテーター）')
    expect(keepOverwritten(doc, { ...note, text: '回覧板が回ってこない' }, null, 10)).toBe(true)
    expect(keepOverwritten(doc, { ...note, text: '回覧板が遅い' }, null, 10), 'a second copy in the same millisecond').toBe(true)
    expect(listTrash(doc).map((e) => e.note.text).sort()).toEqual(['回覧板が回ってこない', '回覧板が遅い'])
    const entry = listTrash(doc).find((e) => e.note.text === '回覧板が回ってこない')!
    const restored = restoreFromTrash(doc, trashEntryKey(entry))!
    expect(restored.id).not.toBe(note.id)
    expect(getNote(doc, note.id)?.text).toBe('回覧板が回ってこない（ファシリテーター）')
    expect(getNote(doc, restored.id)).toMatchObject({ text: '回覧板が回ってこない', pos: { x: note.pos.x + 24, y: note.pos.y + 24 } })
    expect(listTrash(doc)).toHaveLength(1)
  })
  it('keeps nothing for a note no longer on the board (that is keepInTrash’s case)', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input)
    deleteNote(doc, note.id)
    expect(keepOverwritten(doc, note)).toBe(false)
    expect(keepInTrash(doc, note)).toBe(true)
    expect(listNotes(doc)).toHaveLength(0)
  })
})
