/**
 * The trash (ゴミ箱) for edits that lost to a delete, or to someone else's edit of the same field.
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
 *
 * Overwritten edits ('overwritten-while-edited'): when a tablet edited a field of its author's note
 * (text, colour, kind, speaker) offline and someone else (the facilitator, say) edited the same field
 * meanwhile, Yjs keeps one value. When the other one wins, the tablet keeps its version here, as a copy:
 * the note stays on the board as everyone now sees it. Such a record has its own key
 * (`{noteId}@{trashedAt}:{authorId}`), so it never takes the slot a later delete needs and a second
 * overwrite of the same note does not drop the first copy. Restoring it never touches the note on the
 * board: the kept version comes back as a new note beside it (same canvas and table, slightly offset),
 * so the facilitator and the resident see both wordings side by side and decide together which stays —
 * replacing the text would silently undo the facilitator's edit, the same loss the other way round.
 */
import * as Y from 'yjs'
import { BOARD_KEYS, notesMap, noteToYMap, readNote, validateNote, type Note } from './schema.ts'
import { newNoteId } from './ids.ts'
import { hasForbiddenKey, isPlainObject, own, type Result } from './validate.ts'

export interface TrashEntry {
  /** The note as the tablet last had it, with the edits a delete or a concurrent edit overtook. */
  note: Note
  /** When the tablet found the note deleted (its clock; display only). */
  trashedAt: number
  /**
   * Why it is here: the note was deleted while this tablet edited it, or it is still on the board but
   * someone else's edit of the same field won over this tablet's (the record is then a copy).
   */
  reason: TrashReason
}

export const TRASH_REASONS = ['deleted-while-edited', 'overwritten-while-edited'] as const
export type TrashReason = (typeof TRASH_REASONS)[number]

const isTrashReason = (value: unknown): value is TrashReason => (TRASH_REASONS as readonly unknown[]).includes(value)

export const trashMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(BOARD_KEYS.trash)

/** The key of a deleted note's record in the trash: one slot per note and author. */
export const trashKey = (note: Pick<Note, 'id' | 'authorId'>): string => `${note.id}:${note.authorId}`

/**
 * The key of any record: a deleted note's slot, or for an overwritten edit one slot per copy (the time
 * it was kept tells two copies apart). Still ends in `:{authorId}`, the part the server holds people to.
 */
export const trashEntryKey = (entry: Pick<TrashEntry, 'note' | 'trashedAt' | 'reason'>): string =>
  entry.reason === 'deleted-while-edited' ? trashKey(entry.note) : `${entry.note.id}@${entry.trashedAt}:${entry.note.authorId}`

export function validateTrashEntry(value: unknown): Result<TrashEntry> {
  if (!isPlainObject(value) || hasForbiddenKey(value)) return { ok: false, issues: [{ path: '', message: 'must be a plain object without prototype keys' }] }
  const note = validateNote(own(value, 'note'))
  if (!note.ok) return { ok: false, issues: note.issues.map((i) => ({ ...i, path: `note.${i.path}` })) }
  const trashedAt = own(value, 'trashedAt')
  if (typeof trashedAt !== 'number' || !Number.isFinite(trashedAt)) return { ok: false, issues: [{ path: 'trashedAt', message: 'must be a number' }] }
  const reason = own(value, 'reason')
  if (!isTrashReason(reason)) return { ok: false, issues: [{ path: 'reason', message: 'unknown reason' }] }
  // The time is part of an overwritten copy's key: a whole number, so the key reads back the same.
  if (reason === 'overwritten-while-edited' && !Number.isSafeInteger(trashedAt)) return { ok: false, issues: [{ path: 'trashedAt', message: 'must be a whole number' }] }
  return { ok: true, value: { note: note.value, trashedAt, reason } }
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

/**
 * Keeps a copy of this tablet's version of a note that is still on the board but shows someone else's
 * value now; nothing when the note is gone (that is keepInTrash's case) or shows this version already.
 */
export function keepOverwritten(doc: Y.Doc, note: Note, origin: unknown = null, now = Date.now()): boolean {
  const current = notesMap(doc).get(note.id)
  if (current === undefined) return false
  const entry: TrashEntry = { note, trashedAt: Math.round(now), reason: 'overwritten-while-edited' }
  const checked = validateTrashEntry(entry)
  if (!checked.ok) return false
  const trash = trashMap(doc)
  // Two copies kept in the same millisecond (two fields of one note, say) would share a key.
  while (trash.has(trashEntryKey(entry))) entry.trashedAt += 1
  doc.transact(() => trash.set(trashEntryKey(entry), { ...checked.value, trashedAt: entry.trashedAt }), origin)
  return true
}

/** How far from the note on the board a restored copy of an overwritten edit is put, so both show. */
export const RESTORED_COPY_OFFSET = 24

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
 * An overwritten edit always comes back as a new note beside the one on the board, which stays as it is.
 */
export function restoreFromTrash(doc: Y.Doc, key: string, origin: unknown = null): Note | undefined {
  const checked = validateTrashEntry(trashMap(doc).get(key))
  if (!checked.ok) return undefined
  const { groupId: _group, ...kept } = checked.value.note
  const overwritten = checked.value.reason === 'overwritten-while-edited'
  // Beside the note as it is on the board now (it may have moved since the tablet's copy was made).
  const onBoard = notesMap(doc).get(kept.id)
  const at = (onBoard instanceof Y.Map ? readNote(onBoard)?.pos : undefined) ?? kept.pos
  const beside = { x: at.x + RESTORED_COPY_OFFSET, y: at.y + RESTORED_COPY_OFFSET }
  const note: Note = overwritten ? { ...kept, id: newNoteId(), pos: beside } : notesMap(doc).has(kept.id) ? { ...kept, id: newNoteId() } : kept
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
