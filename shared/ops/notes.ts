/**
 * Note operations: pure functions over a board Y.Doc. Components and the server call these; nobody
 * sets fields on the Y.Maps directly. Every operation takes an `origin`, so that a person's
 * Y.UndoManager can track their own changes and nobody else's.
 */
import * as Y from 'yjs'
import { newNoteId, type NoteId } from '../ids.ts'
import {
  NOTE_TEXT_MAX,
  notesMap,
  readNote,
  noteToYMap,
  validateNote,
  isNoteColor,
  isResourceKind,
  type Note,
  type NoteColor,
  type NoteInput,
  type Point,
  type ResourceKind,
} from '../schema.ts'
import { charLength, wellFormed } from '../validate.ts'
import { dropEmptyGroup } from './groups.ts'
import { removeLinksOf } from './links.ts'

export class NoteError extends Error {
  constructor(readonly reason: 'empty' | 'too-long' | 'invalid' | 'missing') {
    super(`note ${reason}`)
  }
}

/** Where a new note lands when the writer did not place it: a loose grid that rarely overlaps. */
export function defaultNotePosition(existingCount: number): Point {
  const col = existingCount % 5
  const row = Math.floor(existingCount / 5)
  return { x: 40 + col * 230 + (row % 2) * 30, y: 40 + row * 170 }
}

function checkedText(text: string): string {
  const trimmed = wellFormed(text).trim()
  if (!trimmed) throw new NoteError('empty')
  if (charLength(trimmed) > NOTE_TEXT_MAX) throw new NoteError('too-long')
  return trimmed
}

const roundPoint = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) })

export function addNote(doc: Y.Doc, input: NoteInput, origin: unknown = null, now = Date.now()): Note {
  const notes = notesMap(doc)
  const sameCanvas = [...notes.values()].filter((m) => m.get('canvas') === input.canvas && m.get('table') === input.table).length
  const candidate: Note = {
    ...input,
    text: checkedText(input.text),
    id: newNoteId(),
    createdAt: now,
    pos: roundPoint(input.pos ?? defaultNotePosition(sameCanvas)),
  }
  if (candidate.canvas !== 'resource') delete candidate.kind
  const checked = validateNote(candidate)
  if (!checked.ok) throw new NoteError('invalid')
  doc.transact(() => notes.set(checked.value.id, noteToYMap(checked.value)), origin)
  return checked.value
}

function noteMap(doc: Y.Doc, id: NoteId): Y.Map<unknown> {
  const ymap = notesMap(doc).get(id)
  if (!ymap) throw new NoteError('missing')
  return ymap
}

export function editNoteText(doc: Y.Doc, id: NoteId, text: string, origin: unknown = null): void {
  const value = checkedText(text)
  const ymap = noteMap(doc, id)
  doc.transact(() => ymap.set('text', value), origin)
}

export function setNoteColor(doc: Y.Doc, id: NoteId, color: NoteColor, origin: unknown = null): void {
  if (!isNoteColor(color)) throw new NoteError('invalid')
  const ymap = noteMap(doc, id)
  doc.transact(() => ymap.set('color', color), origin)
}

export function setNoteKind(doc: Y.Doc, id: NoteId, kind: ResourceKind | null, origin: unknown = null): void {
  const ymap = noteMap(doc, id)
  if (kind !== null && (!isResourceKind(kind) || ymap.get('canvas') !== 'resource')) throw new NoteError('invalid')
  doc.transact(() => (kind === null ? ymap.delete('kind') : ymap.set('kind', kind)), origin)
}

/** Moves a loose note. Its position is one value, so two concurrent moves end in one place. */
export function moveNote(doc: Y.Doc, id: NoteId, pos: Point, origin: unknown = null): void {
  const ymap = noteMap(doc, id)
  doc.transact(() => ymap.set('pos', roundPoint(pos)), origin)
}

/** Deletes a note, its links, and its group if that group is left empty. Undo brings all back. */
export function deleteNote(doc: Y.Doc, id: NoteId, origin: unknown = null): void {
  const ymap = notesMap(doc).get(id)
  if (!ymap) return
  const groupId = ymap.get('groupId')
  doc.transact(() => {
    notesMap(doc).delete(id)
    removeLinksOf(doc, { type: 'note', id })
    if (typeof groupId === 'string') dropEmptyGroup(doc, groupId)
  }, origin)
}

/** Moderation: the facilitator hides a note from participants and the projector, or shows it again. */
export function setNoteHidden(doc: Y.Doc, id: NoteId, hidden: boolean, origin: unknown = null): void {
  const ymap = noteMap(doc, id)
  doc.transact(() => (hidden ? ymap.set('hidden', true) : ymap.delete('hidden')), origin)
}

export function getNote(doc: Y.Doc, id: string): Note | undefined {
  const ymap = notesMap(doc).get(id)
  return ymap instanceof Y.Map ? readNote(ymap) : undefined
}

/** Valid notes, oldest first (invalid records are skipped, never thrown at the UI). */
export function listNotes(doc: Y.Doc, read: (ymap: Y.Map<unknown>) => Note | undefined = readNote): Note[] {
  const out: Note[] = []
  notesMap(doc).forEach((ymap) => {
    const note = ymap instanceof Y.Map ? read(ymap) : undefined
    if (note) out.push(note)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

const viewReaders = new WeakMap<Y.Doc, (ymap: Y.Map<unknown>) => Note | undefined>()

/**
 * readNote for views: each note is read again only once its Y.Map has changed, so a move re-reads one
 * note, not a thousand, and the others keep their identity (memoised notes are not drawn again; on a
 * tablet, each move someone makes re-read and redrew the whole board; bench B5). Changes count from the
 * end of their transaction: for stores that read after it (useDocValue), not for code inside one.
 */
export function viewNoteReader(doc: Y.Doc): (ymap: Y.Map<unknown>) => Note | undefined {
  let read = viewReaders.get(doc)
  if (!read) {
    const seen = new WeakMap<object, Note | undefined>()
    // Before any observer or afterTransaction listener (where the stores read) hears of the change.
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      tr.changed.forEach((_keys, type) => {
        // A change nested in a note (none today) makes the note itself stale too.
        for (let t: Y.AbstractType<any> | null = type; t; t = t._item?.parent instanceof Y.AbstractType ? t._item.parent : null) seen.delete(t)
      })
    })
    read = (ymap) => {
      if (seen.has(ymap)) return seen.get(ymap)
      const note = readNote(ymap)
      seen.set(ymap, note)
      return note
    }
    viewReaders.set(doc, read)
  }
  return read
}
