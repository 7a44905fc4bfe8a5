import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nestedGroups, noteInput, pair } from '../../helpers/docs.ts'
import * as Y from 'yjs'
import {
  addNote,
  deleteNote,
  editNoteText,
  getNote,
  listNotes,
  moveNote,
  NoteError,
  setNoteColor,
  setNoteKind,
} from '../../../shared/ops/notes.ts'
import {
  addToGroup,
  dropEmptyGroup,
  GroupError,
  groupNotes,
  listGroups,
  moveGroup,
  nestGroup,
  removeFromGroup,
  renameGroup,
} from '../../../shared/ops/groups.ts'
import { linkId, linkedTo, linkItems, listLinks, removeLinksOf, unlinkItems } from '../../../shared/ops/links.ts'
import { canvasView, readBoard } from '../../../shared/board.ts'
import { BOARD_MIGRATIONS, migrateBoard } from '../../../shared/migrations.ts'
import {
  boardMeta,
  GROUP_TITLE_MAX,
  groupsMap,
  isResourceKind,
  linksMap,
  NOTE_TEXT_MAX,
  notesMap,
  RESOURCE_KIND_GROUPS,
  RESOURCE_KINDS,
  SCHEMA_VERSION,
  validateGroup,
  validateLink,
  validateNote,
  type Canvas,
  type LinkEnd,
} from '../../../shared/schema.ts'
import type { GroupId, NoteId } from '../../../shared/ids.ts'

const input = noteInput

/**
 * Records made in the same millisecond sort by their random ids; a clock that ticks on every read keeps
 * the order of these tests the order in which they write.
 */
beforeEach(() => {
  let clock = 1_700_000_000_000
  vi.spyOn(Date, 'now').mockImplementation(() => ++clock)
})
afterEach(() => {
  vi.restoreAllMocks()
})

const noteEnd = (id: NoteId): LinkEnd => ({ type: 'note', id })
const groupEnd = (id: GroupId): LinkEnd => ({ type: 'group', id })


/** Brings two documents that were edited apart up to date with each other. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote')
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote')
}

/** The origins of every transaction that changed the document. */
function origins(doc: Y.Doc): unknown[] {
  const seen: unknown[] = []
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) seen.push(tr.origin)
  })
  return seen
}

const undoManager = (doc: Y.Doc, origin: object): Y.UndoManager =>
  new Y.UndoManager([notesMap(doc), groupsMap(doc), linksMap(doc)], { trackedOrigins: new Set([origin]), captureTimeout: 0 })

const validNote = { id: 'n_1', text: 'x', canvas: 'need', color: 'yellow', authorId: 'p', authorName: '', table: '', createdAt: 1, pos: { x: 0, y: 0 } }
const validGroup = { id: 'g_1', title: '買い物', canvas: 'need', table: '', pos: { x: 0, y: 0 }, createdAt: 1 }
const validLink = { id: 'note:n_1>note:n_2', from: { type: 'note', id: 'n_1' }, to: { type: 'note', id: 'n_2' }, createdAt: 1 }

describe('RESOURCE_KINDS', () => {
  it('lists the fourteen kinds of the councils’ taxonomy, each once', () => {
    expect(RESOURCE_KINDS).toHaveLength(14)
    expect(new Set(RESOURCE_KINDS).size).toBe(14)
    expect(RESOURCE_KINDS).toEqual(Object.values(RESOURCE_KIND_GROUPS).flat())
    expect(RESOURCE_KINDS).toContain('keyperson')
    expect(RESOURCE_KINDS).toContain('place')
  })

  it('recognises every listed kind and nothing else', () => {
    for (const kind of RESOURCE_KINDS) expect(isResourceKind(kind)).toBe(true)
    for (const other of ['org', 'group', 'Keyperson', '', 'toString', '__proto__', null, 1]) expect(isResourceKind(other)).toBe(false)
  })
})

describe('validateNote', () => {
  it('keeps the kind of a resource note', () => {
    const r = validateNote({ ...validNote, canvas: 'resource', kind: 'org.welfare' })
    expect(r.ok && r.value.kind).toBe('org.welfare')
  })

  it('drops the kind of a note that is not on the resource canvas', () => {
    for (const canvas of ['need', 'action']) {
      const r = validateNote({ ...validNote, canvas, kind: 'place' })
      expect(r.ok).toBe(true)
      expect(r.ok && 'kind' in r.value).toBe(false)
    }
  })

  it('rejects unknown resource kinds, even on other canvases', () => {
    expect(validateNote({ ...validNote, canvas: 'resource', kind: 'org.police' }).ok).toBe(false)
    expect(validateNote({ ...validNote, canvas: 'need', kind: 'org.police' }).ok).toBe(false)
    expect(validateNote({ ...validNote, canvas: 'resource', kind: 7 }).ok).toBe(false)
  })

  it('rejects __proto__, constructor and prototype keys at any depth', () => {
    expect(validateNote(JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(validNote).slice(1)}`)).ok).toBe(false)
    expect(validateNote({ ...validNote, constructor: {} }).ok).toBe(false)
    expect(validateNote({ ...validNote, pos: JSON.parse('{"x":1,"y":2,"__proto__":{}}') }).ok).toBe(false)
    expect(validateNote({ ...validNote, extra: { prototype: 1 } }).ok).toBe(false)
  })

  it('rejects values that are not plain objects', () => {
    for (const value of [null, undefined, 'note', 3, [validNote], new Map(Object.entries(validNote)), new (class Note {})()]) {
      expect(validateNote(value).ok).toBe(false)
    }
  })

  it('reads an empty groupId as no group and rejects positions that are not finite', () => {
    const r = validateNote({ ...validNote, groupId: '' })
    expect(r.ok && 'groupId' in r.value).toBe(false)
    expect(validateNote({ ...validNote, pos: { x: Infinity, y: 0 } }).ok).toBe(false)
    expect(validateNote({ ...validNote, pos: { x: '1', y: 0 } }).ok).toBe(false)
  })

  it('rejects empty text, text over the limit and unknown colours or canvases', () => {
    expect(validateNote({ ...validNote, text: '' }).ok).toBe(false)
    expect(validateNote({ ...validNote, text: 'あ'.repeat(NOTE_TEXT_MAX + 1) }).ok).toBe(false)
    expect(validateNote({ ...validNote, color: 'red' }).ok).toBe(false)
    expect(validateNote({ ...validNote, canvas: 'wish' }).ok).toBe(false)
  })
})

describe('validateGroup', () => {
  it('accepts a group and keeps its parent', () => {
    expect(validateGroup({ ...validGroup, parentId: 'g_2' })).toEqual({ ok: true, value: { ...validGroup, parentId: 'g_2' } })
  })

  it('drops a parentId that points at the group itself', () => {
    const r = validateGroup({ ...validGroup, parentId: validGroup.id })
    expect(r.ok && 'parentId' in r.value).toBe(false)
  })

  it('rejects __proto__ and constructor keys', () => {
    expect(validateGroup(JSON.parse(`{"__proto__": {}, ${JSON.stringify(validGroup).slice(1)}`)).ok).toBe(false)
    expect(validateGroup({ ...validGroup, constructor: 1 }).ok).toBe(false)
    expect(validateGroup({ ...validGroup, pos: JSON.parse('{"x":1,"y":2,"constructor":{}}') }).ok).toBe(false)
  })

  it('counts the title in characters and rejects unknown canvases', () => {
    expect(validateGroup({ ...validGroup, title: '😀'.repeat(GROUP_TITLE_MAX) }).ok).toBe(true)
    expect(validateGroup({ ...validGroup, title: 'あ'.repeat(GROUP_TITLE_MAX + 1) }).ok).toBe(false)
    expect(validateGroup({ ...validGroup, canvas: 'wish' }).ok).toBe(false)
    expect(validateGroup({ ...validGroup, createdAt: '1' }).ok).toBe(false)
  })
})

describe('validateLink', () => {
  it('accepts links between notes and groups', () => {
    expect(validateLink(validLink)).toEqual({ ok: true, value: validLink })
    const toGroup = { ...validLink, to: { type: 'group', id: 'g_1' } }
    expect(validateLink(toGroup)).toEqual({ ok: true, value: toGroup })
  })

  it('rejects unknown end types, missing ends and missing times', () => {
    expect(validateLink({ ...validLink, to: { type: 'table', id: 'x' } }).ok).toBe(false)
    expect(validateLink({ ...validLink, to: { type: 'note', id: '' } }).ok).toBe(false)
    expect(validateLink({ ...validLink, from: undefined }).ok).toBe(false)
    expect(validateLink({ ...validLink, createdAt: NaN }).ok).toBe(false)
  })

  it('rejects __proto__ and constructor keys, in the link or in an end', () => {
    expect(validateLink(JSON.parse(`{"__proto__": {}, ${JSON.stringify(validLink).slice(1)}`)).ok).toBe(false)
    expect(validateLink({ ...validLink, from: JSON.parse('{"type":"note","id":"n_1","__proto__":{"x":1}}') }).ok).toBe(false)
    expect(validateLink({ ...validLink, constructor: {} }).ok).toBe(false)
  })
})

describe('addNote', () => {
  it('stores the note under the given origin and returns it as stored', () => {
    const doc = new Y.Doc()
    const seen = origins(doc)
    const alice = { person: 'alice' }
    const note = addNote(doc, input('バスが少ない'), alice, 1234)
    expect(seen).toEqual([alice])
    expect(note.createdAt).toBe(1234)
    expect(note.id).toMatch(/^n_/)
    expect(getNote(doc, note.id)).toEqual(note)
  })

  it('places unplaced notes on a grid counted per canvas and table', () => {
    const doc = new Y.Doc()
    const first = addNote(doc, input('一'))
    addNote(doc, input('別のテーブル', { table: '南町' }))
    addNote(doc, input('別のキャンバス', { canvas: 'action' }))
    const second = addNote(doc, input('二'))
    expect(first.pos).toEqual({ x: 40, y: 40 })
    expect(second.pos).toEqual({ x: 270, y: 40 })
  })

  it('rounds a position it was given', () => {
    const doc = new Y.Doc()
    expect(addNote(doc, input('x', { pos: { x: 10.4, y: 20.6 } })).pos).toEqual({ x: 10, y: 21 })
  })

  it('drops the kind of a note that is not a resource and keeps it on a resource', () => {
    const doc = new Y.Doc()
    const need = addNote(doc, input('相談先がわからない', { kind: 'place' }))
    expect('kind' in need).toBe(false)
    expect(notesMap(doc).get(need.id)!.has('kind')).toBe(false)
    const resource = addNote(doc, input('公民館', { canvas: 'resource', kind: 'place' }))
    expect(resource.kind).toBe('place')
    expect(getNote(doc, resource.id)!.kind).toBe('place')
  })

  it('refuses an unknown kind, colour or canvas and writes nothing', () => {
    const doc = new Y.Doc()
    const bad = [
      input('x', { canvas: 'resource', kind: 'org.police' as never }),
      input('x', { color: 'red' as never }),
      input('x', { canvas: 'wish' as Canvas }),
      input('x', { authorName: 'あ'.repeat(21) }),
    ]
    for (const value of bad) expect(() => addNote(doc, value)).toThrow(NoteError)
    expect(notesMap(doc).size).toBe(0)
  })
})

describe('editNoteText', () => {
  it('stores the trimmed text and refuses empty or too long text', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input('ゴミ出し'))
    editNoteText(doc, note.id, '  集積所まで運べない \n')
    expect(getNote(doc, note.id)!.text).toBe('集積所まで運べない')
    expect(() => editNoteText(doc, note.id, ' \n ')).toThrow(NoteError)
    expect(() => editNoteText(doc, note.id, 'あ'.repeat(NOTE_TEXT_MAX + 1))).toThrow(NoteError)
    expect(getNote(doc, note.id)!.text).toBe('集積所まで運べない')
  })

  it('throws a missing NoteError for a note that is gone', () => {
    const doc = new Y.Doc()
    expect(() => editNoteText(doc, 'n_gone' as NoteId, 'x')).toThrow(expect.objectContaining({ reason: 'missing' }))
  })

  it('merges with a concurrent colour change on another tablet', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const note = addNote(a, input('見守り'))
    sync(a, b)
    editNoteText(a, note.id, '見守りの人手が足りない')
    setNoteColor(b, note.id, 'pink')
    sync(a, b)
    expect(getNote(a, note.id)).toMatchObject({ text: '見守りの人手が足りない', color: 'pink' })
    expect(getNote(b, note.id)).toEqual(getNote(a, note.id))
  })
})

describe('setNoteColor', () => {
  it('changes the colour and refuses an unknown one', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input('x'))
    setNoteColor(doc, note.id, 'green')
    expect(getNote(doc, note.id)!.color).toBe('green')
    expect(() => setNoteColor(doc, note.id, 'red' as never)).toThrow(NoteError)
    expect(() => setNoteColor(doc, 'n_gone' as NoteId, 'blue')).toThrow(NoteError)
    expect(getNote(doc, note.id)!.color).toBe('green')
  })
})

describe('setNoteKind', () => {
  it('sets and clears the kind of a resource note', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input('民生委員', { canvas: 'resource' }))
    setNoteKind(doc, note.id, 'keyperson')
    expect(getNote(doc, note.id)!.kind).toBe('keyperson')
    setNoteKind(doc, note.id, null)
    expect('kind' in getNote(doc, note.id)!).toBe(false)
  })

  it('refuses a kind on a need or action note, and an unknown kind', () => {
    const doc = new Y.Doc()
    const need = addNote(doc, input('x'))
    const resource = addNote(doc, input('y', { canvas: 'resource' }))
    expect(() => setNoteKind(doc, need.id, 'place')).toThrow(NoteError)
    expect(() => setNoteKind(doc, resource.id, 'org.police' as never)).toThrow(NoteError)
    expect(notesMap(doc).get(need.id)!.has('kind')).toBe(false)
    expect(notesMap(doc).get(resource.id)!.has('kind')).toBe(false)
  })
})

describe('moveNote', () => {
  it('moves a note to a rounded position and throws for a missing note', () => {
    const doc = new Y.Doc()
    const note = addNote(doc, input('x'))
    moveNote(doc, note.id, { x: 99.5, y: -3.2 })
    expect(getNote(doc, note.id)!.pos).toEqual({ x: 100, y: -3 })
    expect(() => moveNote(doc, 'n_gone' as NoteId, { x: 0, y: 0 })).toThrow(NoteError)
  })
})

describe('deleteNote', () => {
  it('removes the note and every link that touches it', () => {
    const doc = new Y.Doc()
    const need = addNote(doc, input('買い物が大変'))
    const resource = addNote(doc, input('移動販売', { canvas: 'resource' }))
    const action = addNote(doc, input('買い物ツアー', { canvas: 'action' }))
    linkItems(doc, noteEnd(need.id), noteEnd(resource.id))
    linkItems(doc, noteEnd(action.id), noteEnd(need.id))
    linkItems(doc, noteEnd(resource.id), noteEnd(action.id))
    deleteNote(doc, need.id)
    expect(getNote(doc, need.id)).toBeUndefined()
    expect(listLinks(doc).map((l) => l.id)).toEqual([linkId(noteEnd(resource.id), noteEnd(action.id))])
  })

  it('keeps a group that still holds other notes', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, input('a'))
    const b = addNote(doc, input('b'))
    const c = addNote(doc, input('c'))
    const group = groupNotes(doc, a.id, b.id)
    addToGroup(doc, c.id, group.id)
    deleteNote(doc, a.id)
    expect(listGroups(doc).map((g) => g.id)).toEqual([group.id])
  })

  it('deletes the group it empties, with the group’s links', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, input('a'))
    const b = addNote(doc, input('b'))
    const other = addNote(doc, input('c', { canvas: 'resource' }))
    const group = groupNotes(doc, a.id, b.id)
    linkItems(doc, groupEnd(group.id), noteEnd(other.id))
    deleteNote(doc, a.id)
    expect(listGroups(doc)).toHaveLength(1)
    deleteNote(doc, b.id)
    expect(listGroups(doc)).toEqual([])
    expect(listLinks(doc)).toEqual([])
    expect(getNote(doc, other.id)).toBeDefined()
  })

  it('deletes a parent group left with nothing when its only child group goes', () => {
    const doc = new Y.Doc()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((t) => addNote(doc, input(t)))
    const parent = groupNotes(doc, a!.id, b!.id)
    const child = groupNotes(doc, c!.id, d!.id)
    nestGroup(doc, child.id, parent.id)
    removeFromGroup(doc, a!.id, { x: 0, y: 0 })
    removeFromGroup(doc, b!.id, { x: 0, y: 0 })
    expect(listGroups(doc).map((g) => g.id).sort()).toEqual([parent.id, child.id].sort())
    deleteNote(doc, c!.id)
    deleteNote(doc, d!.id)
    expect(listGroups(doc)).toEqual([])
  })

  it('does nothing for a note that is already gone', () => {
    const doc = new Y.Doc()
    const seen = origins(doc)
    deleteNote(doc, 'n_gone' as NoteId)
    expect(seen).toEqual([])
  })

  it('reaches the other tablet with the links and the emptied group', () => {
    const [a, b] = pair()
    const x = addNote(a, input('x'))
    const y = addNote(a, input('y'))
    const r = addNote(a, input('r', { canvas: 'resource' }))
    groupNotes(a, x.id, y.id)
    linkItems(a, noteEnd(x.id), noteEnd(r.id))
    deleteNote(b, x.id)
    deleteNote(b, y.id)
    expect(readBoard(a)).toEqual(readBoard(b))
    expect(readBoard(a)).toEqual({ notes: [getNote(a, r.id)], groups: [], links: [], likes: {} })
  })
})

describe('undo of board operations', () => {
  it('brings a deleted note back with its group and links', () => {
    const doc = new Y.Doc()
    const alice = { person: 'alice' }
    const a = addNote(doc, input('a'), 'setup')
    const b = addNote(doc, input('b'), 'setup')
    const r = addNote(doc, input('r', { canvas: 'resource' }), 'setup')
    const group = groupNotes(doc, a.id, b.id, 'setup')
    linkItems(doc, noteEnd(a.id), noteEnd(r.id), 'setup')
    linkItems(doc, groupEnd(group.id), noteEnd(r.id), 'setup')
    const before = readBoard(doc)
    const undo = undoManager(doc, alice)
    deleteNote(doc, b.id, alice)
    deleteNote(doc, a.id, alice)
    expect(listGroups(doc)).toEqual([])
    expect(listLinks(doc)).toEqual([])
    undo.undo()
    undo.undo()
    expect(readBoard(doc)).toEqual(before)
    expect(canvasView(readBoard(doc), 'need', '北町').groups[0]!.notes.map((n) => n.id)).toEqual([a.id, b.id])
  })

  it('does not undo another person’s change made on the same document', () => {
    const doc = new Y.Doc()
    const alice = { person: 'alice' }
    const bob = { person: 'bob' }
    const undo = undoManager(doc, alice)
    const a = addNote(doc, input('a'), alice)
    const b = addNote(doc, input('b'), bob)
    deleteNote(doc, a.id, alice)
    editNoteText(doc, b.id, 'ボブの書き直し', bob)
    const bobsOwn = addNote(doc, input('ボブの新しい付箋'), bob)
    undo.undo()
    expect(getNote(doc, a.id)!.text).toBe('a')
    expect(getNote(doc, b.id)!.text).toBe('ボブの書き直し')
    expect(getNote(doc, bobsOwn.id)).toBeDefined()
    undo.undo()
    expect(getNote(doc, a.id)).toBeUndefined()
    expect(getNote(doc, b.id)!.text).toBe('ボブの書き直し')
    expect(undo.canUndo()).toBe(false)
  })

  it('does not undo a change that came from another tablet, and the undo reaches it', () => {
    const [one, two] = pair()
    const alice = { person: 'alice' }
    const bob = { person: 'bob' }
    const a = addNote(one, input('a'), alice)
    const b = addNote(two, input('b'), bob)
    const undo = undoManager(one, alice)
    deleteNote(one, a.id, alice)
    moveNote(two, b.id, { x: 500, y: 500 }, bob)
    undo.undo()
    expect(getNote(one, a.id)).toBeDefined()
    expect(getNote(one, b.id)!.pos).toEqual({ x: 500, y: 500 })
    expect(readBoard(two)).toEqual(readBoard(one))
  })

  it('redoes a delete that was undone', () => {
    const doc = new Y.Doc()
    const alice = { person: 'alice' }
    const a = addNote(doc, input('a'), alice)
    const undo = undoManager(doc, alice)
    deleteNote(doc, a.id, alice)
    undo.undo()
    undo.redo()
    expect(getNote(doc, a.id)).toBeUndefined()
  })
})

describe('getNote and listNotes', () => {
  it('return only valid notes, oldest first and then by id', () => {
    const doc = new Y.Doc()
    const later = addNote(doc, input('later'), null, 20)
    const x = addNote(doc, input('x'), null, 10)
    const y = addNote(doc, input('y'), null, 10)
    const bad = new Y.Map<unknown>()
    notesMap(doc).set('n_bad', bad)
    bad.set('text', 42)
    const [first, second] = [x, y].sort((p, q) => (p.id < q.id ? -1 : 1))
    expect(listNotes(doc).map((n) => n.id)).toEqual([first!.id, second!.id, later.id])
    expect(getNote(doc, 'n_bad')).toBeUndefined()
    expect(getNote(doc, 'n_missing')).toBeUndefined()
  })
})

describe('groupNotes', () => {
  it('makes a group for both notes where the target note was', () => {
    const [a, b] = pair()
    const target = addNote(a, input('バスが少ない', { pos: { x: 300, y: 120 } }))
    const dropped = addNote(a, input('病院に行けない'))
    const alice = { person: 'alice' }
    const seen = origins(a)
    const group = groupNotes(a, target.id, dropped.id, alice, '移動', 55)
    expect(seen).toEqual([alice])
    expect(group).toEqual({ id: group.id, title: '移動', canvas: 'need', table: '北町', pos: { x: 300, y: 120 }, createdAt: 55 })
    expect(listGroups(b)).toEqual([group])
    expect(getNote(b, target.id)!.groupId).toBe(group.id)
    expect(getNote(b, dropped.id)!.groupId).toBe(group.id)
  })

  it('refuses a note dropped on itself, across canvases or tables, and missing notes', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, input('a'))
    const other = addNote(doc, input('b', { canvas: 'action' }))
    const elsewhere = addNote(doc, input('c', { table: '南町' }))
    expect(() => groupNotes(doc, a.id, a.id)).toThrow(GroupError)
    expect(() => groupNotes(doc, a.id, other.id)).toThrow(GroupError)
    expect(() => groupNotes(doc, a.id, elsewhere.id)).toThrow(GroupError)
    expect(() => groupNotes(doc, a.id, 'n_gone' as NoteId)).toThrow(expect.objectContaining({ reason: 'missing' }))
    expect(listGroups(doc)).toEqual([])
  })

  it('cuts a long title at the limit, counting characters', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, input('a'))
    const b = addNote(doc, input('b'))
    const group = groupNotes(doc, a.id, b.id, null, 'あ'.repeat(GROUP_TITLE_MAX + 10))
    expect(group.title).toBe('あ'.repeat(GROUP_TITLE_MAX))
  })

  it('never cuts an emoji in half, so every tablet sees the same title', () => {
    const [one, two] = pair()
    const a = addNote(one, input('a'))
    const b = addNote(one, input('b'))
    const title = `会${'🚌'.repeat(GROUP_TITLE_MAX)}`
    const group = groupNotes(one, a.id, b.id, null, title)
    expect(group.title).toBe([...title].slice(0, GROUP_TITLE_MAX).join(''))
    expect(listGroups(two)).toEqual(listGroups(one))
  })

  it('takes the notes out of their old groups and deletes the groups it empties', () => {
    const doc = new Y.Doc()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((t) => addNote(doc, input(t)))
    const first = groupNotes(doc, a!.id, b!.id)
    const second = groupNotes(doc, c!.id, d!.id)
    const mixed = groupNotes(doc, a!.id, c!.id)
    expect(listGroups(doc).map((g) => g.id).sort()).toEqual([first.id, second.id, mixed.id].sort())
    const again = groupNotes(doc, b!.id, d!.id)
    expect(listGroups(doc).map((g) => g.id).sort()).toEqual([mixed.id, again.id].sort())
  })
})

describe('addToGroup', () => {
  it('lets a note dropped on a group join it', () => {
    const [one, two] = pair()
    const [a, b, c] = ['a', 'b', 'c'].map((t) => addNote(one, input(t)))
    const group = groupNotes(one, a!.id, b!.id)
    addToGroup(two, c!.id, group.id)
    expect(canvasView(readBoard(one), 'need', '北町').groups[0]!.notes.map((n) => n.text)).toEqual(['a', 'b', 'c'])
  })

  it('does nothing when the note is already in that group', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const group = groupNotes(doc, a!.id, b!.id)
    const seen = origins(doc)
    addToGroup(doc, a!.id, group.id)
    expect(seen).toEqual([])
  })

  it('deletes the group the note leaves empty', () => {
    const doc = new Y.Doc()
    const [a, b, c] = ['a', 'b', 'c'].map((t) => addNote(doc, input(t)))
    const big = groupNotes(doc, a!.id, b!.id)
    const r = addNote(doc, input('r', { canvas: 'resource' }))
    const small = groupNotes(doc, c!.id, a!.id)
    linkItems(doc, groupEnd(small.id), noteEnd(r.id))
    addToGroup(doc, a!.id, big.id)
    addToGroup(doc, c!.id, big.id)
    expect(listGroups(doc).map((g) => g.id)).toEqual([big.id])
    expect(listLinks(doc)).toEqual([])
  })

  it('refuses a group on another canvas or table, and a missing group', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'action' })))
    const [s, t] = ['s', 't'].map((text) => addNote(doc, input(text, { table: '南町' })))
    const action = groupNotes(doc, x!.id, y!.id)
    const south = groupNotes(doc, s!.id, t!.id)
    expect(() => addToGroup(doc, a!.id, action.id)).toThrow(GroupError)
    expect(() => addToGroup(doc, a!.id, south.id)).toThrow(GroupError)
    expect(() => addToGroup(doc, a!.id, 'g_gone' as GroupId)).toThrow(GroupError)
    expect(() => addToGroup(doc, 'n_gone' as NoteId, action.id)).toThrow(GroupError)
    expect(getNote(doc, b!.id)!.groupId).toBeUndefined()
  })
})

describe('removeFromGroup', () => {
  it('makes the note loose where it was dropped and keeps a group that still has notes', () => {
    const doc = new Y.Doc()
    const [a, b, c] = ['a', 'b', 'c'].map((t) => addNote(doc, input(t)))
    const group = groupNotes(doc, a!.id, b!.id)
    addToGroup(doc, c!.id, group.id)
    removeFromGroup(doc, a!.id, { x: 12.3, y: 45.6 })
    expect(getNote(doc, a!.id)).toMatchObject({ pos: { x: 12, y: 46 } })
    expect(getNote(doc, a!.id)!.groupId).toBeUndefined()
    expect(listGroups(doc).map((g) => g.id)).toEqual([group.id])
  })

  it('deletes the group, and its links, when the last note is dragged out', () => {
    const [one, two] = pair()
    const [a, b] = ['a', 'b'].map((t) => addNote(one, input(t)))
    const r = addNote(one, input('r', { canvas: 'resource' }))
    const group = groupNotes(one, a!.id, b!.id)
    linkItems(one, groupEnd(group.id), noteEnd(r.id))
    linkItems(one, noteEnd(a!.id), noteEnd(r.id))
    removeFromGroup(two, a!.id, { x: 0, y: 0 })
    expect(listGroups(one)).toHaveLength(1)
    removeFromGroup(two, b!.id, { x: 0, y: 0 })
    expect(listGroups(one)).toEqual([])
    expect(listLinks(one).map((l) => l.id)).toEqual([linkId(noteEnd(a!.id), noteEnd(r.id))])
  })

  it('only moves a note that was already loose', () => {
    const doc = new Y.Doc()
    const a = addNote(doc, input('a'))
    removeFromGroup(doc, a.id, { x: 7, y: 8 })
    expect(getNote(doc, a.id)!.pos).toEqual({ x: 7, y: 8 })
    expect(() => removeFromGroup(doc, 'n_gone' as NoteId, { x: 0, y: 0 })).toThrow(GroupError)
  })
})

describe('renameGroup', () => {
  it('stores the trimmed title, counting characters against the limit', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const group = groupNotes(doc, a!.id, b!.id)
    renameGroup(doc, group.id, '  買い物の足  ')
    expect(listGroups(doc)[0]!.title).toBe('買い物の足')
    renameGroup(doc, group.id, '🛒'.repeat(GROUP_TITLE_MAX))
    expect(listGroups(doc)[0]!.title).toBe('🛒'.repeat(GROUP_TITLE_MAX))
    expect(() => renameGroup(doc, group.id, 'あ'.repeat(GROUP_TITLE_MAX + 1))).toThrow(expect.objectContaining({ reason: 'too-long' }))
    expect(() => renameGroup(doc, 'g_gone' as GroupId, 'x')).toThrow(expect.objectContaining({ reason: 'missing' }))
    expect(listGroups(doc)[0]!.title).toBe('🛒'.repeat(GROUP_TITLE_MAX))
  })
})

const nested = nestedGroups

describe('moveGroup', () => {
  it('moves the frame to a rounded position', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const group = groupNotes(doc, a!.id, b!.id)
    moveGroup(doc, group.id, { x: 1.5, y: 2.4 })
    expect(listGroups(doc)[0]!.pos).toEqual({ x: 2, y: 2 })
    expect(() => moveGroup(doc, 'g_gone' as GroupId, { x: 0, y: 0 })).toThrow(GroupError)
  })

  it('makes a child group dragged out of its parent top-level', () => {
    const doc = new Y.Doc()
    const { parent, child } = nested(doc)
    moveGroup(doc, child, { x: 900, y: 900 })
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups.map((g) => g.group.id)).toEqual([parent, child])
    expect(view.groups.every((g) => g.children.length === 0)).toBe(true)
  })

  it('deletes a parent left with no notes and no child groups when its child is dragged out', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    removeFromGroup(doc, notes[0]!, { x: 0, y: 0 })
    removeFromGroup(doc, notes[1]!, { x: 0, y: 0 })
    expect(listGroups(doc).map((g) => g.id)).toContain(parent)
    moveGroup(doc, child, { x: 900, y: 900 })
    expect(listGroups(doc).map((g) => g.id)).toEqual([child])
  })
})

describe('nestGroup', () => {
  it('makes a group dropped on a group its child', () => {
    const [one, two] = pair()
    const { parent, child } = nested(one)
    const view = canvasView(readBoard(two), 'need', '北町')
    expect(view.groups.map((g) => g.group.id)).toEqual([parent])
    expect(view.groups[0]!.children.map((g) => g.group.id)).toEqual([child])
    expect(view.groups[0]!.children[0]!.notes.map((n) => n.text)).toEqual(['c', 'd'])
  })

  it('throws when nesting into a child group (one level only)', () => {
    const doc = new Y.Doc()
    const { child } = nested(doc)
    const [e, f] = ['e', 'f'].map((t) => addNote(doc, input(t)))
    const third = groupNotes(doc, e!.id, f!.id)
    expect(() => nestGroup(doc, third.id, child)).toThrow(GroupError)
    expect(listGroups(doc).find((g) => g.id === third.id)!.parentId).toBeUndefined()
  })

  it('throws when nesting a group that has children of its own', () => {
    const doc = new Y.Doc()
    const { parent } = nested(doc)
    const [e, f] = ['e', 'f'].map((t) => addNote(doc, input(t)))
    const third = groupNotes(doc, e!.id, f!.id)
    expect(() => nestGroup(doc, parent, third.id)).toThrow(GroupError)
    expect(listGroups(doc).find((g) => g.id === parent)!.parentId).toBeUndefined()
  })

  it('throws for a group nested in itself, across canvases or tables, and for missing groups', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'action' })))
    const [s, t] = ['s', 't'].map((text) => addNote(doc, input(text, { table: '南町' })))
    const need = groupNotes(doc, a!.id, b!.id)
    const action = groupNotes(doc, x!.id, y!.id)
    const south = groupNotes(doc, s!.id, t!.id)
    expect(() => nestGroup(doc, need.id, need.id)).toThrow(GroupError)
    expect(() => nestGroup(doc, need.id, action.id)).toThrow(GroupError)
    expect(() => nestGroup(doc, south.id, need.id)).toThrow(GroupError)
    expect(() => nestGroup(doc, need.id, 'g_gone' as GroupId)).toThrow(GroupError)
    expect(() => nestGroup(doc, 'g_gone' as GroupId, need.id)).toThrow(GroupError)
    expect(listGroups(doc).every((g) => g.parentId === undefined)).toBe(true)
  })

  it('shows both groups at the top level when two tablets nest them into each other at once', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const ids = ['p', 'q', 'r', 's'].map((t) => addNote(a, input(t)).id)
    const first = groupNotes(a, ids[0]!, ids[1]!)
    const second = groupNotes(a, ids[2]!, ids[3]!)
    sync(a, b)
    nestGroup(a, first.id, second.id)
    nestGroup(b, second.id, first.id)
    sync(a, b)
    expect(listGroups(a).map((g) => g.parentId)).toEqual([second.id, first.id])
    const view = canvasView(readBoard(a), 'need', '北町')
    expect(view.groups.map((g) => [g.group.id, g.children.length, g.notes.length])).toEqual([
      [first.id, 0, 2],
      [second.id, 0, 2],
    ])
    expect(canvasView(readBoard(b), 'need', '北町')).toEqual(view)
  })

  it('moves a child to another parent and deletes the old parent if that leaves it with nothing', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    const [e, f] = ['e', 'f'].map((t) => addNote(doc, input(t)))
    const other = groupNotes(doc, e!.id, f!.id)
    nestGroup(doc, child, other.id)
    expect(listGroups(doc).find((g) => g.id === child)!.parentId).toBe(other.id)
    expect(listGroups(doc).map((g) => g.id)).toContain(parent)
    nestGroup(doc, child, parent)
    removeFromGroup(doc, notes[0]!, { x: 0, y: 0 })
    removeFromGroup(doc, notes[1]!, { x: 0, y: 0 })
    nestGroup(doc, child, other.id)
    expect(listGroups(doc).map((g) => g.id)).not.toContain(parent)
  })
})

describe('dropEmptyGroup', () => {
  it('keeps a group that a note or a child group refers to', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    removeFromGroup(doc, notes[0]!, { x: 0, y: 0 })
    removeFromGroup(doc, notes[1]!, { x: 0, y: 0 })
    dropEmptyGroup(doc, parent)
    dropEmptyGroup(doc, child)
    expect(listGroups(doc).map((g) => g.id).sort()).toEqual([parent, child].sort())
  })

  it('deletes an unused group with its links, then its parent if that is unused too', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    const r = addNote(doc, input('r', { canvas: 'resource' }))
    linkItems(doc, groupEnd(child), noteEnd(r.id))
    linkItems(doc, noteEnd(r.id), groupEnd(parent))
    doc.transact(() => {
      for (const id of notes) notesMap(doc).get(id)!.delete('groupId')
      dropEmptyGroup(doc, child)
    })
    expect(listGroups(doc)).toEqual([])
    expect(listLinks(doc)).toEqual([])
  })

  it('ignores a group that does not exist', () => {
    const doc = new Y.Doc()
    const seen = origins(doc)
    dropEmptyGroup(doc, 'g_gone')
    expect(seen).toEqual([])
  })
})

describe('listGroups', () => {
  it('returns valid groups oldest first and skips invalid records', () => {
    const doc = new Y.Doc()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((t) => addNote(doc, input(t)))
    const late = groupNotes(doc, a!.id, b!.id, null, '', 200)
    const early = groupNotes(doc, c!.id, d!.id, null, '', 100)
    const bad = new Y.Map<unknown>()
    groupsMap(doc).set('g_bad', bad)
    bad.set('title', 3)
    expect(listGroups(doc).map((g) => g.id)).toEqual([early.id, late.id])
  })
})

describe('linkItems', () => {
  it('links a need to a resource under the given origin', () => {
    const [one, two] = pair()
    const need = addNote(one, input('買い物'))
    const resource = addNote(one, input('商店街', { canvas: 'resource' }))
    const alice = { person: 'alice' }
    const seen = origins(one)
    const link = linkItems(one, noteEnd(need.id), noteEnd(resource.id), alice, 77)
    expect(seen).toEqual([alice])
    expect(link).toEqual({ id: linkId(noteEnd(need.id), noteEnd(resource.id)), from: noteEnd(need.id), to: noteEnd(resource.id), createdAt: 77 })
    expect(listLinks(two)).toEqual([link])
  })

  it('is a no-op when linking twice or in reverse', () => {
    const doc = new Y.Doc()
    const need = addNote(doc, input('買い物'))
    const resource = addNote(doc, input('商店街', { canvas: 'resource' }))
    const first = linkItems(doc, noteEnd(need.id), noteEnd(resource.id), null, 1)
    const seen = origins(doc)
    expect(linkItems(doc, noteEnd(need.id), noteEnd(resource.id), null, 2)).toBeUndefined()
    expect(linkItems(doc, noteEnd(resource.id), noteEnd(need.id), null, 3)).toBeUndefined()
    expect(seen).toEqual([])
    expect(listLinks(doc)).toEqual([first])
  })

  it('does not link an item to itself, but a note and a group with the same id are different ends', () => {
    const doc = new Y.Doc()
    expect(linkItems(doc, noteEnd('x' as NoteId), noteEnd('x' as NoteId))).toBeUndefined()
    expect(linkItems(doc, noteEnd('x' as NoteId), groupEnd('x' as GroupId))).toBeDefined()
    expect(listLinks(doc)).toHaveLength(1)
  })
})

describe('unlinkItems', () => {
  it('removes a link given its ends in either order', () => {
    const doc = new Y.Doc()
    const [a, b, c] = ['a', 'b', 'c'].map((t) => addNote(doc, input(t)))
    linkItems(doc, noteEnd(a!.id), noteEnd(b!.id))
    linkItems(doc, noteEnd(a!.id), noteEnd(c!.id))
    unlinkItems(doc, noteEnd(b!.id), noteEnd(a!.id))
    expect(listLinks(doc).map((l) => l.id)).toEqual([linkId(noteEnd(a!.id), noteEnd(c!.id))])
    unlinkItems(doc, noteEnd(a!.id), noteEnd(c!.id))
    expect(listLinks(doc)).toEqual([])
  })

  it('removes both links when two tablets linked the same pair in opposite directions at once', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const need = addNote(a, input('買い物'))
    const resource = addNote(a, input('商店街', { canvas: 'resource' }))
    sync(a, b)
    linkItems(a, noteEnd(need.id), noteEnd(resource.id))
    linkItems(b, noteEnd(resource.id), noteEnd(need.id))
    sync(a, b)
    expect(listLinks(a)).toEqual(listLinks(b))
    expect(linkedTo(listLinks(a), noteEnd(need.id))).toEqual([noteEnd(resource.id), noteEnd(resource.id)])
    unlinkItems(b, noteEnd(need.id), noteEnd(resource.id))
    sync(a, b)
    expect(listLinks(a)).toEqual([])
  })
})

describe('removeLinksOf', () => {
  it('removes every link touching an item, and invalid records, and keeps the rest', () => {
    const doc = new Y.Doc()
    const [a, b, c] = ['a', 'b', 'c'].map((t) => addNote(doc, input(t)))
    linkItems(doc, noteEnd(a!.id), noteEnd(b!.id))
    linkItems(doc, noteEnd(c!.id), noteEnd(a!.id))
    linkItems(doc, noteEnd(b!.id), noteEnd(c!.id))
    linksMap(doc).set('junk', { from: 'nowhere' })
    doc.transact(() => removeLinksOf(doc, noteEnd(a!.id)))
    expect([...linksMap(doc).keys()]).toEqual([linkId(noteEnd(b!.id), noteEnd(c!.id))])
  })
})

describe('listLinks and linkedTo', () => {
  it('lists valid links oldest first and finds the other ends of an item', () => {
    const doc = new Y.Doc()
    const need = addNote(doc, input('買い物'))
    const shop = addNote(doc, input('商店街', { canvas: 'resource' }))
    const bus = addNote(doc, input('送迎', { canvas: 'action' }))
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'resource' })))
    const group = groupNotes(doc, x!.id, y!.id)
    const second = linkItems(doc, noteEnd(bus.id), noteEnd(need.id), null, 20)!
    const first = linkItems(doc, noteEnd(need.id), noteEnd(shop.id), null, 10)!
    const third = linkItems(doc, noteEnd(need.id), groupEnd(group.id), null, 30)!
    linksMap(doc).set('junk', { id: 'junk', createdAt: 0 })
    const links = listLinks(doc)
    expect(links).toEqual([first, second, third])
    expect(linkedTo(links, noteEnd(need.id))).toEqual([noteEnd(shop.id), noteEnd(bus.id), groupEnd(group.id)])
    expect(linkedTo(links, groupEnd(group.id))).toEqual([noteEnd(need.id)])
    expect(linkedTo(links, noteEnd(x!.id))).toEqual([])
  })
})

describe('readBoard', () => {
  it('reads valid notes, groups and links as plain records that are equal on synced tablets', () => {
    const [one, two] = pair()
    const [a, b] = ['a', 'b'].map((t) => addNote(one, input(t)))
    const r = addNote(two, input('r', { canvas: 'resource', kind: 'org.health' }))
    const group = groupNotes(two, a!.id, b!.id, null, '表札')
    const link = linkItems(one, groupEnd(group.id), noteEnd(r.id))!
    notesMap(one).set('n_bad', new Y.Map())
    const board = readBoard(one)
    expect(board.notes.map((n) => n.id)).toEqual(listNotes(one).map((n) => n.id))
    expect(board.notes).toHaveLength(3)
    expect(board.groups).toEqual([group])
    expect(board.links).toEqual([link])
    expect(JSON.stringify(readBoard(two))).toBe(JSON.stringify(board))
  })
})

describe('canvasView', () => {
  it('shows top-level groups with their notes and child groups, then the loose notes', () => {
    const doc = new Y.Doc()
    const { parent, child, notes } = nested(doc)
    const loose = addNote(doc, input('離れザル'))
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.canvas).toBe('need')
    expect(view.table).toBe('北町')
    expect(view.groups).toHaveLength(1)
    expect(view.groups[0]!.group.id).toBe(parent)
    expect(view.groups[0]!.notes.map((n) => n.id)).toEqual([notes[0], notes[1]])
    expect(view.groups[0]!.children.map((c) => [c.group.id, c.notes.map((n) => n.id)])).toEqual([[child, [notes[2], notes[3]]]])
    expect(view.loose.map((n) => n.id)).toEqual([loose.id])
  })

  it('puts notes whose group is gone among the loose notes', () => {
    const doc = new Y.Doc()
    const [a, b] = ['a', 'b'].map((t) => addNote(doc, input(t)))
    const group = groupNotes(doc, a!.id, b!.id)
    groupsMap(doc).delete(group.id)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups).toEqual([])
    expect(view.loose.map((n) => n.id)).toEqual([a!.id, b!.id])
    expect(view.loose.every((n) => n.groupId === group.id)).toBe(true)
  })

  it('puts a note whose group lies on another canvas among the loose notes', () => {
    const doc = new Y.Doc()
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'action' })))
    const action = groupNotes(doc, x!.id, y!.id)
    const need = addNote(doc, input('need'))
    notesMap(doc).get(need.id)!.set('groupId', action.id)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups).toEqual([])
    expect(view.loose.map((n) => n.id)).toEqual([need.id])
  })

  it('treats both groups of a nesting cycle as top-level', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const [p, q, r, s] = ['p', 'q', 'r', 's'].map((t) => addNote(a, input(t)))
    const first = groupNotes(a, p!.id, q!.id, null, 'A', 1)
    const second = groupNotes(a, r!.id, s!.id, null, 'B', 2)
    sync(a, b)
    groupsMap(a).get(first.id)!.set('parentId', second.id)
    groupsMap(b).get(second.id)!.set('parentId', first.id)
    sync(a, b)
    const board = readBoard(a)
    expect(board.groups.map((g) => g.parentId)).toEqual([second.id, first.id])
    const view = canvasView(board, 'need', '北町')
    expect(view.groups.map((g) => g.group.id)).toEqual([first.id, second.id])
    expect(view.groups.map((g) => g.children)).toEqual([[], []])
    expect(view.groups.map((g) => g.notes.map((n) => n.text))).toEqual([['p', 'q'], ['r', 's']])
    expect(canvasView(readBoard(b), 'need', '北町')).toEqual(view)
  })

  it('keeps nesting one level deep when a chain of three forms', () => {
    const doc = new Y.Doc()
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => addNote(doc, input(t)).id)
    const top = groupNotes(doc, ids[0]!, ids[1]!, null, 'top', 1)
    const middle = groupNotes(doc, ids[2]!, ids[3]!, null, 'middle', 2)
    const bottom = groupNotes(doc, ids[4]!, ids[5]!, null, 'bottom', 3)
    nestGroup(doc, middle.id, top.id)
    groupsMap(doc).get(bottom.id)!.set('parentId', middle.id)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups.map((g) => [g.group.title, g.children.map((c) => c.group.title)])).toEqual([
      ['top', ['middle']],
      ['bottom', []],
    ])
    expect(view.groups[0]!.children[0]!.children).toEqual([])
  })

  it('shows a group whose parent is gone or elsewhere at the top level', () => {
    const doc = new Y.Doc()
    const ids = ['a', 'b', 'c', 'd'].map((t) => addNote(doc, input(t)).id)
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'action' })).id)
    const first = groupNotes(doc, ids[0]!, ids[1]!)
    const second = groupNotes(doc, ids[2]!, ids[3]!)
    const action = groupNotes(doc, x!, y!)
    groupsMap(doc).get(first.id)!.set('parentId', 'g_gone')
    groupsMap(doc).get(second.id)!.set('parentId', action.id)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view.groups.map((g) => g.group.id).sort()).toEqual([first.id, second.id].sort())
  })

  it('leaves out notes and groups from other canvases and tables', () => {
    const doc = new Y.Doc()
    const here = addNote(doc, input('here'))
    const [x, y] = ['x', 'y'].map((t) => addNote(doc, input(t, { canvas: 'resource' })))
    const [s, t] = ['s', 't'].map((text) => addNote(doc, input(text, { table: '南町' })))
    addNote(doc, input('single table', { table: '' }))
    groupNotes(doc, x!.id, y!.id)
    groupNotes(doc, s!.id, t!.id)
    const view = canvasView(readBoard(doc), 'need', '北町')
    expect(view).toEqual({ canvas: 'need', table: '北町', groups: [], loose: [getNote(doc, here.id)] })
    expect(canvasView(readBoard(doc), 'resource', '北町').groups).toHaveLength(1)
    expect(canvasView(readBoard(doc), 'need', '南町').groups).toHaveLength(1)
    expect(canvasView(readBoard(doc), 'need', '').loose.map((n) => n.text)).toEqual(['single table'])
    expect(canvasView(readBoard(doc), 'action', '北町')).toEqual({ canvas: 'action', table: '北町', groups: [], loose: [] })
  })

  it('writes nothing to the document', () => {
    const doc = new Y.Doc()
    nested(doc)
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    canvasView(readBoard(doc), 'need', '北町')
    expect(updates).toEqual([])
  })
})

describe('migrateBoard', () => {
  it('brings a new board to the current schema version once', () => {
    const doc = new Y.Doc()
    const seen = origins(doc)
    expect(migrateBoard(doc)).toEqual(BOARD_MIGRATIONS.map((m) => m.version))
    expect(boardMeta(doc).get('schemaVersion')).toBe(SCHEMA_VERSION)
    expect(seen).toEqual(['migration'])
    expect(migrateBoard(doc)).toEqual([])
    expect(seen).toEqual(['migration'])
  })

  it('treats a version that is not a number as 0 and leaves a newer version alone', () => {
    const odd = new Y.Doc()
    boardMeta(odd).set('schemaVersion', '1')
    expect(migrateBoard(odd, 'boot')).toEqual([1])
    expect(boardMeta(odd).get('schemaVersion')).toBe(1)
    const newer = new Y.Doc()
    boardMeta(newer).set('schemaVersion', SCHEMA_VERSION + 1)
    expect(migrateBoard(newer)).toEqual([])
    expect(boardMeta(newer).get('schemaVersion')).toBe(SCHEMA_VERSION + 1)
  })

  it('keeps the board and unknown meta fields', () => {
    const doc = new Y.Doc()
    nested(doc)
    boardMeta(doc).set('futureField', { keep: true })
    const before = readBoard(doc)
    migrateBoard(doc)
    expect(readBoard(doc)).toEqual(before)
    expect(boardMeta(doc).get('futureField')).toEqual({ keep: true })
  })

  it('converges when two tablets migrate the same board at once', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    migrateBoard(a)
    migrateBoard(b)
    sync(a, b)
    expect(boardMeta(a).toJSON()).toEqual(boardMeta(b).toJSON())
    expect(boardMeta(a).get('schemaVersion')).toBe(SCHEMA_VERSION)
  })
})
