/**
 * The trash (ゴミ箱) for edits that lost to a delete.
 *
 * Policy: when a note is deleted (by the facilitator, say) while a tablet that edited it is offline,
 * the delete wins — the note stays off the board for everyone — and the tablet, on reconnecting,
 * puts the version it had edited into this trash. The facilitator and the note's author can restore
 * it from there; nobody's words are silently lost. Only the author's own tablet puts a record here
 * (the server holds participants to their own notes, server/policy.ts), and records are immutable:
 * restoring puts the note back under its own id and takes the record out, in one transaction.
 *
 * Records are plain values keyed by the note's id and its author (`{noteId}:{authorId}`, like いいね),
 * so two tablets of one person keeping the same note end with one record, and nobody can take the
 * slot of another's note: the server cannot tell who wrote a deleted note, but it can hold everyone
 * to their own slot. Restoring puts the note back under its own id, or under a new one when that id
 * is taken again, so a restore never drops anybody's words.
 */
import type * as Y from 'yjs'
import { BOARD_KEYS, notesMap, noteToYMap, validateNote, type Note } from './schema.ts'
import { newNoteId } from './ids.ts'
import { hasForbiddenKey, isPlainObject, own, type Result } from './validate.ts'

export interface TrashEntry {
  /** The note as the tablet last had it, with the edits the delete overtook. */
  note: Note
  /** When the tablet found the note deleted (its clock; display only). */
  trashedAt: number
  /** Why it is here; the only reason so far. */
  reason: 'deleted-while-edited'
}

export const trashMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD_KEYS.trash)

/** The key of a note's record in the trash: one slot per note and author. */
export const trashKey = (note: Pick<Note, 'id' | 'authorId'>): string => `${note.id}:${note.authorId}`

export function validateTrashEntry(value: unknown): Result<TrashEntry> {
  if (!isPlainObject(value) || hasForbiddenKey(value)) return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  const note = validateNote(own(value, 'note'))
  if (!note.ok) return { ok: false, issues: note.issues.map((i) => ({ ...i, path: `note.${i.path}` })) }
  const trashedAt = own(value, 'trashedAt')
  if (typeof trashedAt !== 'number' || !Number.isFinite(trashedAt)) return { ok: false, issues: [{ path: 'trashedAt', message: 'must be a number' }] }
  if (own(value, 'reason') !== 'deleted-while-edited') return { ok: false, issues: [{ path: 'reason', message: 'unknown reason' }] }
  return { ok: true, value: { note: note.value, trashedAt, reason: 'deleted-while-edited' } }
}

/** Keeps an edited note whose record was deleted; nothing when the note is (back) on the board. */
export function keepInTrash(doc: Y.Doc, note: Note, origin: unknown = null, now = Date.now()): boolean {
  if (notesMap(doc).has(note.id)) return false
  const entry: TrashEntry = { note, trashedAt: now, reason: 'deleted-while-edited' }
  const checked = validateTrashEntry(entry)
  if (!checked.ok) return false
  doc.transact(() => trashMap(doc).set(trashKey(note), checked.value), origin)
  return true
}

/** Valid records, newest first (an invalid record is skipped, never thrown at the UI). */
export function listTrash(doc: Y.Doc): TrashEntry[] {
  const out: TrashEntry[] = []
  trashMap(doc).forEach((value) => {
    const checked = validateTrashEntry(value)
    if (checked.ok) out.push(checked.value)
  })
  return out.sort((a, b) => b.trashedAt - a.trashedAt || (a.note.id < b.note.id ? -1 : 1))
}

/** What a person sees of the trash: the facilitator all of it, a participant their own notes. */
export const trashFor = (entries: TrashEntry[], me: { role: string; id: string }): TrashEntry[] =>
  me.role === 'facilitator' ? entries : entries.filter((e) => e.note.authorId === me.id)

/**
 * Puts the note back on the board, out of any group (the group may be gone), and takes the record out
 * in the same transaction. The note keeps its id unless a note with that id is on the board again.
 */
export function restoreFromTrash(doc: Y.Doc, key: string, origin: unknown = null): Note | undefined {
  const checked = validateTrashEntry(trashMap(doc).get(key))
  if (!checked.ok) return undefined
  const { groupId: _group, ...kept } = checked.value.note
  const note: Note = notesMap(doc).has(kept.id) ? { ...kept, id: newNoteId() } : kept
  doc.transact(() => {
    notesMap(doc).set(note.id, noteToYMap(note))
    trashMap(doc).delete(key)
  }, origin)
  return note
}

/** 捨てる: the edited version is given up for good; the note stays deleted. */
export function discardFromTrash(doc: Y.Doc, key: string, origin: unknown = null): void {
  doc.transact(() => trashMap(doc).delete(key), origin)
}
