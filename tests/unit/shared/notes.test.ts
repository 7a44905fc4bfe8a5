import { describe, expect, it } from 'vitest'
import { pair } from '../../helpers/docs.ts'
import * as Y from 'yjs'
import { addNote, deleteNote, editNoteText, listNotes, moveNote, NoteError } from '../../../shared/ops/notes.ts'
import { readBoard, readBoardView } from '../../../shared/board.ts'
import { validateNote, notesMap, NICKNAME_MAX, NOTE_TEXT_MAX } from '../../../shared/schema.ts'
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

describe('a note as stored', () => {
  it('keeps its id as its key only, and an anonymous note no authorName: read back whole on the other side', () => {
    const [a, b] = pair()
    // Written a millisecond apart: notes of the same millisecond are listed in the order of their random ids.
    const named = addNote(a, input('坂がきつい'), null, 1_000)
    const anonymous = addNote(a, { ...input('バスが少ない'), authorName: '' }, null, 1_001)
    const stored = notesMap(b).get(anonymous.id)!
    expect(stored.has('id')).toBe(false)
    expect(stored.has('authorName')).toBe(false)
    // text, canvas, color, authorId, table, createdAt, pos: seven Yjs items, not nine.
    expect(stored.size).toBe(7)
    expect(notesMap(b).get(named.id)!.get('authorName')).toBe('さくら')
    expect(listNotes(b)).toEqual([named, anonymous])
    expect(anonymous.authorName).toBe('')
  })

  it('reads an older board, whose notes hold their id and authorName as fields, the same; the key counts', () => {
    const doc = new Y.Doc()
    const fields = { text: '集会所が遠い', canvas: 'need', color: 'yellow', authorId: 'p_1', authorName: '', table: '北町', createdAt: 1, pos: { x: 0, y: 0 } }
    doc.transact(() => {
      for (const [key, id] of [['n_old', 'n_old'], ['n_other', 'n_mismatch']] as const) {
        const ymap = new Y.Map<unknown>()
        for (const [k, v] of Object.entries({ ...fields, id })) ymap.set(k, v)
        notesMap(doc).set(key, ymap)
      }
    })
    expect(listNotes(doc).map((n) => [n.id, n.text, n.authorName])).toEqual([
      ['n_old', '集会所が遠い', ''],
      ['n_other', '集会所が遠い', ''],
    ])
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

  it('counts a field in characters at both ends of its limits, however many UTF-16 units they take', () => {
    const base = { id: 'n_1', text: 'x', canvas: 'need', color: 'yellow', authorId: 'p', authorName: '', table: '', createdAt: 1, pos: { x: 0, y: 0 } }
    const ok = (fields: Record<string, unknown>) => validateNote({ ...base, ...fields }).ok
    expect(ok({ text: '😀'.repeat(NOTE_TEXT_MAX) })).toBe(true)
    expect(ok({ text: '😀'.repeat(NOTE_TEXT_MAX + 1) })).toBe(false)
    expect(ok({ text: 'あ'.repeat(NOTE_TEXT_MAX) + '😀' })).toBe(false)
    expect(ok({ text: '😀' })).toBe(true)
    expect(ok({ text: '' })).toBe(false)
    expect(ok({ authorName: '😀'.repeat(NICKNAME_MAX) })).toBe(true)
    expect(ok({ authorName: 'a'.repeat(NICKNAME_MAX - 1) + '😀😀' })).toBe(false)
    expect(ok({ id: 'x'.repeat(64) })).toBe(true)
    expect(ok({ id: 'x'.repeat(65) })).toBe(false)
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

describe('readBoardView', () => {
  it('reads again only the notes that changed, locally or from another tablet, and drops deleted ones', () => {
    const [a, b] = pair()
    // Written a second apart: the board lists notes oldest first.
    const first = addNote(b, input('買い物が大変'), null, 1_000)
    const second = addNote(b, input('見守りがほしい'), null, 2_000)
    const third = addNote(b, input('集会所が遠い'), null, 3_000)
    const before = readBoardView(a)
    // Nothing changed: the same objects.
    expect(readBoardView(a).notes[0]).toBe(before.notes[0])
    // Another tablet moves one note (the update arrives through the pair's relay).
    moveNote(b, second.id, { x: 640, y: 480 })
    const moved = readBoardView(a)
    expect(moved.notes.map((n) => n.id)).toEqual([first.id, second.id, third.id])
    expect(moved.notes[0]).toBe(before.notes[0])
    expect(moved.notes[2]).toBe(before.notes[2])
    expect(moved.notes[1]).not.toBe(before.notes[1])
    expect(moved.notes[1]!.pos).toEqual({ x: 640, y: 480 })
    // This tablet edits one and deletes another: what a fresh read sees, the view sees.
    editNoteText(a, first.id, '買い物に行けない')
    deleteNote(a, third.id)
    const after = readBoardView(a)
    expect(after.notes).toEqual(readBoard(a).notes)
    expect(after.notes.map((n) => n.text)).toEqual(['買い物に行けない', '見守りがほしい'])
    expect(after.notes[1]).toBe(moved.notes[1])
  })
})
