/**
 * Note operations: pure functions over a board Y.Doc. Components and the server call these; nobody
 * sets fields on the Y.Maps directly.
 */
import * as Y from 'yjs'
import { newNoteId, type NoteId } from '../ids.ts'
import { NOTE_TEXT_MAX, notesMap, readNote, validateNote, type Note, type NoteInput, type Point } from '../schema.ts'
import { charLength } from '../validate.ts'

export class NoteError extends Error {
  constructor(readonly reason: 'empty' | 'too-long' | 'invalid' | 'missing') {
    super(`note ${reason}`)
  }
}

/** Where a new note lands when the writer did not place it: a loose grid that rarely overlaps. */
export function defaultNotePosition(existingCount: number): Point {
  const col = existingCount % 6
  const row = Math.floor(existingCount / 6)
  return { x: 40 + col * 220 + (row % 2) * 30, y: 40 + row * 170 }
}

export function addNote(doc: Y.Doc, input: NoteInput, now = Date.now()): Note {
  const text = input.text.trim()
  if (!text) throw new NoteError('empty')
  if (charLength(text) > NOTE_TEXT_MAX) throw new NoteError('too-long')
  const notes = notesMap(doc)
  const note: Note = {
    ...input,
    text,
    id: newNoteId(),
    createdAt: now,
    pos: input.pos ?? defaultNotePosition(notes.size),
  }
  const checked = validateNote(note)
  if (!checked.ok) throw new NoteError('invalid')
  doc.transact(() => {
    const ymap = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(checked.value)) ymap.set(key, value)
    notes.set(note.id, ymap)
  })
  return checked.value
}

export function editNoteText(doc: Y.Doc, id: NoteId, text: string): void {
  const trimmed = text.trim()
  if (!trimmed) throw new NoteError('empty')
  if (charLength(trimmed) > NOTE_TEXT_MAX) throw new NoteError('too-long')
  const ymap = notesMap(doc).get(id)
  if (!ymap) throw new NoteError('missing')
  ymap.set('text', trimmed)
}

export function moveNote(doc: Y.Doc, id: NoteId, pos: Point): void {
  const ymap = notesMap(doc).get(id)
  if (!ymap) throw new NoteError('missing')
  ymap.set('pos', { x: Math.round(pos.x), y: Math.round(pos.y) })
}

export function deleteNote(doc: Y.Doc, id: NoteId): void {
  notesMap(doc).delete(id)
}

/** Valid notes, oldest first (invalid records are skipped, never thrown at the UI). */
export function listNotes(doc: Y.Doc): Note[] {
  const out: Note[] = []
  notesMap(doc).forEach((ymap) => {
    const note = ymap instanceof Y.Map ? readNote(ymap) : undefined
    if (note) out.push(note)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}
