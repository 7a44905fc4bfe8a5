/**
 * What a participant may change in the board document, checked by the server before an update is
 * applied. The update is decoded (it has already passed checkUpdate) and every struct and deletion
 * is located in the schema — root → record (a note, a group) → field — then held to the rules:
 *
 * - notes: a participant creates notes as themselves at their own table; edits the text, colour and
 *   kind of their own notes only; moves and groups any note at their table; deletes their own notes;
 * - groups and links: anyone at the table;
 * - the trash (shared/trash.ts): records of their own deleted notes, and copies of their own notes'
 *   overwritten edits, in their own slot;
 * - nothing else (meta, unknown roots), nothing on a locked canvas or a locked board.
 *
 * What lands in a deleted note (an edit a tablet made offline before it learnt of the delete) is let
 * through: Yjs stores it as deleted, nobody sees it, and refusing it would wedge that tablet.
 *
 * The facilitator is not checked here; the projector never writes.
 */
import * as Y from 'yjs'
import { BOARD_KEYS, NOTE_TEXT_MAX, isNoteColor, isResourceKind, noteRecord, validateNote, validatePoint, type Canvas } from '../shared/schema.ts'
import { charLength, hasForbiddenKey, isPlainObject } from '../shared/validate.ts'
import { LIMITS } from '../shared/limits.ts'
import { trashEntryKey, validateTrashEntry } from '../shared/trash.ts'
import type { PeerIdentity } from './rooms.ts'
import type { DecodedUpdate } from './updateCheck.ts'

/** How full the board is, for the per-session limits: bytes stored (the notes are counted from the board). */
export interface Fullness {
  bytes: number
}

export interface Locks {
  board: boolean
  canvases: ReadonlySet<Canvas>
  /** ギャラリーウォーク is on: visitors may leave comment notes at other tables. */
  gallery?: boolean
}

export type PolicyResult = { ok: true } | { ok: false; reason: string }

type Decoded = DecodedUpdate
type AnyItem = Y.Item
/** Where a struct sits: a root map, a record in it (by key), and a field of that record. */
interface Location {
  root: string
  key: string
  field: string | null
  /** The Item of the record itself (the Y.Map holding a note or group), when the struct is a field. */
  record: AnyItem | null
}

const NOTE_OWNER_FIELDS = new Set(['text', 'color', 'kind', 'speaker'])
const NOTE_TABLE_FIELDS = new Set(['pos', 'groupId'])
const GROUP_FIELDS = new Set(['title', 'pos', 'parentId'])

class Locator {
  private readonly updateItems = new Map<number, Array<AnyItem | Y.GC>>()
  private readonly rootNames = new Map<unknown, string>()

  constructor(
    private readonly doc: Y.Doc,
    decoded: Decoded,
  ) {
    for (const s of decoded.structs) {
      if (!(s instanceof Y.Item) && !(s instanceof Y.GC)) continue
      const list = this.updateItems.get(s.id.client) ?? []
      list.push(s)
      this.updateItems.set(s.id.client, list)
    }
    doc.share.forEach((type, name) => this.rootNames.set(type, name))
  }

  /** The struct holding `id` (an Item, or GC for content already collected), from this update or the document. */
  findStruct(id: Y.ID): { struct: AnyItem | Y.GC; stored: boolean } | null {
    for (const struct of this.updateItems.get(id.client) ?? []) {
      if (id.clock >= struct.id.clock && id.clock < struct.id.clock + struct.length) return { struct, stored: false }
    }
    try {
      const found = Y.getItem(this.doc.store, id) as AnyItem | Y.GC
      return found ? { struct: found, stored: true } : null
    } catch {
      return null
    }
  }

  find(id: Y.ID): AnyItem | null {
    const found = this.findStruct(id)
    return found && found.struct instanceof Y.Item ? found.struct : null
  }

  /** A decoded item omits parent and key when it has an origin: they are its origin's. */
  private parentOf(item: AnyItem, depth = 0): { parent: unknown; sub: string | null } | null {
    if (depth > 64) return null
    const parent = item.parent as unknown
    if (parent !== null && parent !== undefined) return { parent, sub: item.parentSub }
    const neighbour = (item.origin && this.find(item.origin)) || (item.rightOrigin && this.find(item.rightOrigin))
    return neighbour ? this.parentOf(neighbour, depth + 1) : null
  }

  /**
   * True when Yjs will integrate this item as garbage: its parent record, or the neighbour it was
   * written next to, is content the server has already deleted and collected. Such an item is what a
   * tablet sends when it edited a note offline that someone deleted meanwhile; it changes nothing
   * anyone sees, so refusing it would only leave the tablet resending it forever.
   */
  landsInCollected(item: AnyItem, depth = 0): boolean {
    if (depth > 64) return false
    const parent = item.parent as unknown
    if (parent instanceof Y.ID) {
      const found = this.findStruct(parent)
      return found !== null && (found.struct instanceof Y.GC || (found.stored && found.struct.deleted))
    }
    if (parent !== null && parent !== undefined) return false
    for (const id of [item.origin, item.rightOrigin]) {
      const found = id ? this.findStruct(id) : null
      if (!found) continue
      if (found.struct instanceof Y.GC) return true
      if (!found.stored && this.landsInCollected(found.struct, depth + 1)) return true
    }
    return false
  }

  locate(item: AnyItem, depth = 0): Location | null {
    if (depth > 2) return null
    const p = this.parentOf(item)
    if (!p || p.sub === null) return null
    const { parent, sub } = p
    if (typeof parent === 'string') return { root: parent, key: sub, field: null, record: null }
    if (parent instanceof Y.ID) {
      const recordItem = this.find(parent)
      if (!recordItem) return null
      const record = this.locate(recordItem, depth + 1)
      return record && record.field === null ? { root: record.root, key: record.key, field: sub, record: recordItem } : null
    }
    // A stored item: its parent is a type; a root type has no item of its own.
    const type = parent as { _item: AnyItem | null }
    if (type._item === null) {
      const name = this.rootNames.get(parent)
      return name ? { root: name, key: sub, field: null, record: null } : null
    }
    const record = this.locate(type._item, depth + 1)
    return record && record.field === null ? { root: record.root, key: record.key, field: sub, record: type._item } : null
  }
}

/** The value a field item carries (map fields hold one plain value). */
const valueOf = (item: AnyItem): unknown => (item.content instanceof Y.ContentAny ? item.content.arr[0] : undefined)

/** What a participant may write into a field of an existing note. */
function fieldValueOk(field: string, value: unknown): boolean {
  switch (field) {
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 && charLength(value) <= NOTE_TEXT_MAX
    case 'color':
      return isNoteColor(value)
    case 'kind':
      return value === undefined || isResourceKind(value)
    case 'pos':
      return validatePoint(value, [], 'pos') !== undefined
    case 'groupId':
      return value === undefined || (typeof value === 'string' && value.length <= 64)
    case 'speaker':
      return value === undefined || (isPlainObject(value) && !hasForbiddenKey(value) && JSON.stringify(value).length <= 200)
    default:
      return true
  }
}

// Helpers of checkParticipantUpdate live out here: it runs on every participant's update, and a
// function made inside it would be made again (and named, under tsx) each time.
const canvasFree = (locks: Locks, canvas: unknown): boolean => !locks.canvases.has(canvas as Canvas)

/** The value this update writes into a field, if it writes one. */
function fieldValue(written: ReadonlyMap<string, AnyItem>, loc: Location): unknown {
  const item = written.get(`${loc.root}/${loc.key}/${loc.field}`)
  return item ? valueOf(item) : undefined
}

/** `decoded` is `update` as checkUpdate decoded it. */
export function checkParticipantUpdate(doc: Y.Doc, update: Uint8Array, decoded: Decoded, who: PeerIdentity, locks: Locks, fullness: Fullness = { bytes: 0 }): PolicyResult {
  if (locks.board) return { ok: false, reason: 'board-locked' }
  if (fullness.bytes + update.length > LIMITS.documentBytes) return { ok: false, reason: 'document-full' }
  const locator = new Locator(doc, decoded)
  const notes = doc.getMap<Y.Map<unknown>>(BOARD_KEYS.notes)
  const groups = doc.getMap<Y.Map<unknown>>(BOARD_KEYS.groups)

  /** Fields of records created in this update, by root/key (so a new note is checked as a whole). */
  const created = new Map<string, Map<string, unknown>>()
  const touched: Array<{ loc: Location; deleted: boolean }> = []
  const fieldWrites: Array<{ loc: Location; item: AnyItem }> = []
  /** Plain values written straight under a root key (links, いいね, trash records); the last one counts. */
  const plainWrites = new Map<string, AnyItem>()

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (locator.landsInCollected(struct)) continue
    const loc = locator.locate(struct)
    if (!loc) return { ok: false, reason: 'unknown-place' }
    // A field of a note deleted meanwhile: integrated as deleted, harmless (see landsInCollected).
    if (loc.record?.deleted) continue
    // Content the tablet itself already overwrote (collected on its side) carries no value: it can only
    // blank what it is written over, so it is held to the rules of a deletion there.
    if (struct.content instanceof Y.ContentDeleted) {
      touched.push({ loc, deleted: true })
      continue
    }
    touched.push({ loc, deleted: false })
    if (loc.field === null && struct.content instanceof Y.ContentType) created.set(`${loc.root}/${loc.key}`, new Map())
    else if (loc.field !== null) fieldWrites.push({ loc, item: struct })
    else plainWrites.set(`${loc.root}/${loc.key}`, struct)
  }
  for (const { loc, item } of fieldWrites) created.get(`${loc.root}/${loc.key}`)?.set(loc.field!, valueOf(item))

  const deletions: Location[] = []
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      let clock = range.clock
      while (clock < range.clock + range.len) {
        const found = locator.findStruct(Y.createID(client, clock))
        if (!found) return { ok: false, reason: 'unknown-deletion' }
        const { struct, stored } = found
        clock = struct.id.clock + struct.length
        // A sync repeats the whole delete set: deleting what is already gone changes nothing. Deleting
        // what this very update inserts is no more than the insertion, which is checked on its own.
        if (struct instanceof Y.GC || (stored && struct.deleted) || !stored) continue
        const loc = locator.locate(struct)
        if (!loc) return { ok: false, reason: 'unknown-place' }
        deletions.push(loc)
      }
    }
  }
  // Deleting a record deletes its fields with it; the record's own rule decides.
  const deletedRecords = new Set(deletions.filter((l) => l.field === null).map((l) => `${l.root}/${l.key}`))
  for (const loc of deletions) {
    if (loc.field !== null && deletedRecords.has(`${loc.root}/${loc.key}`)) continue
    touched.push({ loc, deleted: true })
  }

  let newNotes = 0
  let noteCount: number | undefined
  const written = new Map(fieldWrites.map((w) => [`${w.loc.root}/${w.loc.key}/${w.loc.field}`, w.item]))
  for (const { loc, deleted } of touched) {
    const createdFields = created.get(`${loc.root}/${loc.key}`)
    if (loc.root === BOARD_KEYS.notes) {
      const existing = notes.get(loc.key)
      if (createdFields) {
        // A new note (or a record replacing one): written as this person, at their table.
        if (existing && existing.get('authorId') !== who.id) return { ok: false, reason: 'not-your-note' }
        if (createdFields.get('authorId') !== who.id) return { ok: false, reason: 'author-mismatch' }
        const visiting = locks.gallery === true && createdFields.get('comment') === true
        if (createdFields.get('table') !== who.table && !visiting) return { ok: false, reason: 'other-table' }
        if (!canvasFree(locks, createdFields.get('canvas'))) return { ok: false, reason: 'canvas-locked' }
        if (createdFields.has('hidden')) return { ok: false, reason: 'immutable-field' }
        if (!existing && loc.field === null && !deleted) {
          // Counted only here: Y.Map's size walks every entry, and most updates create no note.
          noteCount ??= notes.size
          if (noteCount + newNotes >= LIMITS.notesPerSession) return { ok: false, reason: 'note-limit' }
          newNotes++
          // The whole new record must be a valid note (text length, colour, position …).
          if (!validateNote(noteRecord(Object.fromEntries(createdFields), loc.key)).ok) return { ok: false, reason: 'invalid-note' }
        }
        continue
      }
      if (!existing) {
        // A field of a note deleted meanwhile: harmless only as a deletion.
        if (deleted) continue
        return { ok: false, reason: 'unknown-note' }
      }
      if (!canvasFree(locks, existing.get('canvas'))) return { ok: false, reason: 'canvas-locked' }
      const own = existing.get('authorId') === who.id
      if (loc.field === null) {
        if (!own) return { ok: false, reason: 'not-your-note' }
        continue
      }
      if (!deleted && !fieldValueOk(loc.field, fieldValue(written, loc))) return { ok: false, reason: 'invalid-value' }
      if (NOTE_OWNER_FIELDS.has(loc.field)) {
        if (!own) return { ok: false, reason: 'not-your-note' }
      } else if (NOTE_TABLE_FIELDS.has(loc.field)) {
        if (existing.get('table') !== who.table) return { ok: false, reason: 'other-table' }
      } else {
        return { ok: false, reason: 'immutable-field' }
      }
      continue
    }
    if (loc.root === BOARD_KEYS.groups) {
      const existing = groups.get(loc.key)
      const table = createdFields ? createdFields.get('table') : existing?.get('table')
      const canvas = createdFields ? createdFields.get('canvas') : existing?.get('canvas')
      if (!existing && !createdFields) {
        if (deleted) continue
        return { ok: false, reason: 'unknown-group' }
      }
      if (table !== who.table) return { ok: false, reason: 'other-table' }
      if (!canvasFree(locks, canvas)) return { ok: false, reason: 'canvas-locked' }
      if (!createdFields && loc.field !== null && !GROUP_FIELDS.has(loc.field)) return { ok: false, reason: 'immutable-field' }
      continue
    }
    if (loc.root === BOARD_KEYS.likes) {
      // One いいね per person per note: the key names whose it is.
      if (loc.field !== null || !loc.key.endsWith(`:${who.id}`)) return { ok: false, reason: 'not-your-like' }
      continue
    }
    if (loc.root === BOARD_KEYS.trash) {
      // The trash (shared/trash.ts): a participant keeps and restores their own notes, in their own slot.
      if (loc.field !== null || !loc.key.endsWith(`:${who.id}`)) return { ok: false, reason: 'not-your-note' }
      if (deleted) continue
      const item = plainWrites.get(`${loc.root}/${loc.key}`)
      const entry = validateTrashEntry(item ? valueOf(item) : undefined)
      if (!entry.ok) return { ok: false, reason: 'invalid-value' }
      if (entry.value.note.authorId !== who.id || trashEntryKey(entry.value) !== loc.key) return { ok: false, reason: 'not-your-note' }
      const record = notes._map.get(entry.value.note.id)
      if (entry.value.reason === 'deleted-while-edited') {
        // Only a note the board had and lost goes to the trash: its record is there, deleted.
        if (!record || !record.deleted) return { ok: false, reason: 'note-not-deleted' }
        continue
      }
      // An overwritten edit: a copy of a note the board has had. While the note is on the board, it
      // must be the person's own (a delete may have overtaken the copy on its way; then, as above, the
      // server cannot tell whose it was, and the slot in the key is all it holds them to).
      if (!record) return { ok: false, reason: 'unknown-note' }
      if (!record.deleted) {
        const onBoard = notes.get(entry.value.note.id)
        if (!(onBoard instanceof Y.Map) || onBoard.get('authorId') !== who.id) return { ok: false, reason: 'not-your-note' }
      }
      continue
    }
    if (loc.root === BOARD_KEYS.links) {
      if (loc.field !== null) return { ok: false, reason: 'unknown-place' }
      continue
    }
    return { ok: false, reason: `root-${loc.root}-not-allowed` }
  }
  return { ok: true }
}
