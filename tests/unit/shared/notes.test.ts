import { describe, expect, it } from 'vitest'
import { pair } from '../../helpers/docs.ts'
import * as Y from 'yjs'
import { addNote, deleteNote, editNoteText, listNotes, moveNote, NoteError } from '../../../shared/ops/notes.ts'
import { validateNote, NOTE_TEXT_MAX } from '../../../shared/schema.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const input = (text: string) => ({ text, canvas: 'need' as const, color: 'blue' as const, authorId: 'p_1' as ParticipantId, authorName: 'さくら', table: '北町' })


describe('addNote', () => {
  it('adds a trimmed note that the other document sees', () => {
    const [a, b] = pair()
    const note = addNote(a, input('  重い米を持って帰れない \n'))
    expect(note.text).toBe('重い米を持って帰れない')
    expect(listNotes(b)).toEqual([note])
  })

  it('refuses empty text and text over the limit (counted in characters, emoji as one)', () => {
    const doc = new Y.Doc()
    expect(() => addNote(doc, input('   '))).toThrow(NoteError)
    expect(() => addNote(doc, input('あ'.repeat(NOTE_TEXT_MAX + 1)))).toThrow(NoteError)
    expect(addNote(doc, input('😀'.repeat(NOTE_TEXT_MAX))).text).toHaveLength(NOTE_TEXT_MAX * 2)
    expect(listNotes(doc)).toHaveLength(1)
  })
})

describe('moveNote', () => {
  it('converges on one of the two positions when two tablets move the same note', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const note = addNote(a, input('バスが少ない'))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    moveNote(a, note.id, { x: 100, y: 100 })
    moveNote(b, note.id, { x: 500, y: 900 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const pa = listNotes(a)[0]!.pos
    expect(listNotes(b)[0]!.pos).toEqual(pa)
    expect([JSON.stringify({ x: 100, y: 100 }), JSON.stringify({ x: 500, y: 900 })]).toContain(JSON.stringify(pa))
  })
})

describe('editNoteText and deleteNote', () => {
  it('edit and delete reach the other document', () => {
    const [a, b] = pair()
    const note = addNote(a, input('ゴミ出し'))
    editNoteText(b, note.id, 'ゴミ出しの日に集積所まで運べない')
    expect(listNotes(a)[0]!.text).toBe('ゴミ出しの日に集積所まで運べない')
    deleteNote(a, note.id)
    expect(listNotes(b)).toEqual([])
  })
})

describe('validateNote', () => {
  it('rejects records with __proto__ or constructor keys', () => {
    const base = { id: 'n_1', text: 'x', canvas: 'need', color: 'yellow', authorId: 'p', authorName: '', table: '', createdAt: 1, pos: { x: 0, y: 0 } }
    expect(validateNote(base).ok).toBe(true)
    expect(validateNote(JSON.parse('{"__proto__": {"x": 1}, "id": "n"}')).ok).toBe(false)
    expect(validateNote({ ...base, pos: JSON.parse('{"x":1,"y":2,"constructor":{}}') }).ok).toBe(false)
  })

  it('does not read inherited properties', () => {
    const inherited = Object.create({ text: 'inherited', canvas: 'need' }) as Record<string, unknown>
    Object.assign(inherited, { id: 'n_1', color: 'yellow', authorId: 'p', authorName: '', table: '', createdAt: 1, pos: { x: 0, y: 0 } })
    expect(validateNote(inherited).ok).toBe(false)
  })

  it('skips invalid records instead of throwing at the page', () => {
    const doc = new Y.Doc()
    addNote(doc, input('正しい付箋'))
    const bad = new Y.Map<unknown>()
    doc.getMap('notes').set('bad', bad)
    bad.set('text', 42)
    expect(listNotes(doc).map((n) => n.text)).toEqual(['正しい付箋'])
  })
})

describe('text with half an emoji', () => {
  it('is made well-formed before it is stored, so every tablet keeps the same text', () => {
    const [a, b] = pair()
    const half = '😀'.slice(0, 1)
    const note = addNote(a, input(`あ${half}い`))
    expect(note.text).toBe('あ\uFFFDい')
    expect(listNotes(b)[0]!.text).toBe(listNotes(a)[0]!.text)
  })
})
