/**
 * Keeps a tablet's edits that a delete, or someone else's concurrent edit, overtook (the policy in
 * shared/trash.ts). No DOM here, so the same code runs on the tablet (DocConnection) and in the Node
 * tests against the real server.
 *
 * While the tablet has edits of a note that the server has not confirmed (no Ack covers them yet),
 * the keeper holds a copy of that note as edited. When a change from the server removes such a note,
 * the copy goes into the board's trash, in the author's name, for the facilitator or the author to
 * restore. When a change from the server leaves such a note showing another value in a field the
 * tablet edited — a concurrent edit won Yjs's last-writer-wins — a copy of the tablet's version goes
 * there too (the note stays as it is). The copies are rebuilt from the document after a reload (the
 * device's IndexedDB copy still holds the edits and what the server last confirmed).
 */
import * as Y from 'yjs'
import { notesMap, readNote, type Note } from '../../shared/schema.ts'
import { keepInTrash, keepOverwritten, type TrashReason } from '../../shared/trash.ts'

/** The fields a person edits on their own note (what the rules call the owner's fields). */
const EDITED_FIELDS = ['text', 'color', 'kind', 'speaker'] as const

export interface KeeperOptions {
  /** The origin of changes that came from the server (the y-websocket provider). */
  remote: unknown
  /** True when the server is known to have stored this struct, or it is not this device's. */
  confirmed: (id: Y.ID) => boolean
  /** Told after an edit went to the trash. */
  onKept?: (note: Note, reason: TrashReason) => void
}

/** A note as last edited here, and the structs holding the edits the server has not confirmed, by field. */
interface EditedNote {
  note: Note
  unconfirmed: Map<string, Y.ID>
}

export class DeletedEditKeeper {
  /** Notes with edits the server has not confirmed, as last edited here. */
  private readonly edited = new Map<string, EditedNote>()
  /** Notes lost to a delete, waiting until the author is known to be written to the trash. */
  private readonly lost = new Map<string, Note>()
  /** Versions of notes a concurrent edit overwrote, waiting likewise. */
  private readonly overwritten: Note[] = []
  private author: string | null = null
  private destroyed = false

  constructor(
    private readonly doc: Y.Doc,
    private readonly options: KeeperOptions,
  ) {
    doc.on('afterTransaction', this.afterTransaction)
    this.rescan()
  }

  /** Whose notes this tablet keeps (the participant's id, once the page knows it). */
  setAuthor(id: string): void {
    this.author = id
    this.flushLost()
  }

  /** After the device's copy loaded or the server confirmed more: which notes carry unconfirmed edits. */
  rescan(): void {
    notesMap(this.doc).forEach((ymap, id) => {
      const entry = this.readEdited(ymap)
      if (entry) this.edited.set(id, entry)
      else this.edited.delete(id)
    })
  }

  /** The note and its unconfirmed edits, or nothing when every edited field is confirmed. */
  private readEdited(ymap: Y.Map<unknown>): EditedNote | undefined {
    const unconfirmed = new Map<string, Y.ID>()
    for (const field of EDITED_FIELDS) {
      const item = ymap._map.get(field)
      if (item && !item.deleted && !this.options.confirmed(item.id)) unconfirmed.set(field, item.id)
    }
    const note = unconfirmed.size > 0 ? readNote(ymap) : undefined
    return note && { note, unconfirmed }
  }

  /**
   * Whether a change from the server overwrote a field this tablet edited: the field's struct is not
   * ours any more, its value differs from ours, and it was written without seeing ours (its chain of
   * origins does not reach our struct). An edit written after ours arrived (the facilitator saw the
   * tablet's words and changed them) is a deliberate change, not a loss.
   */
  private lostFields(ymap: Y.Map<unknown>, entry: EditedNote): boolean {
    for (const [field, mine] of entry.unconfirmed) {
      const winner = ymap._map.get(field)
      if (winner && Y.compareIDs(winner.id, mine)) continue
      const now = winner && !winner.deleted ? ymap.get(field) : undefined
      if (JSON.stringify(now) === JSON.stringify((entry.note as unknown as Record<string, unknown>)[field])) continue
      if (winner && this.seen(winner, mine)) continue
      return true
    }
    return false
  }

  /** Whether `item` was written after `mine` was known to its writer (a map key's structs chain by origin). */
  private seen(item: Y.Item, mine: Y.ID): boolean {
    let origin = item.origin
    for (let hops = 0; origin !== null && hops < 10_000; hops++) {
      if (Y.compareIDs(origin, mine)) return true
      const previous = Y.getItem(this.doc.store, origin)
      origin = previous instanceof Y.Item ? previous.origin : null
    }
    return false
  }

  private readonly afterTransaction = (tr: Y.Transaction): void => {
    const notes = notesMap(this.doc)
    if (tr.origin === this.options.remote) {
      // The server's changes: an edited note that is gone now was deleted by someone else; one that
      // shows another value in a field edited here was overwritten by someone else's concurrent edit.
      for (const [id, entry] of this.edited) {
        const ymap = notes.get(id)
        if (ymap === undefined) {
          this.edited.delete(id)
          this.lost.set(id, entry.note)
          continue
        }
        if (!tr.changed.has(ymap as unknown as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>) || !this.lostFields(ymap, entry)) continue
        // Kept once; the note as it is now carries no edit of ours to lose any more.
        this.edited.delete(id)
        this.overwritten.push(entry.note)
      }
      if (this.lost.size > 0 || this.overwritten.length > 0) queueMicrotask(() => this.flushLost())
      return
    }
    // A change made here (or loaded from the device): copy the notes whose edited fields it touched.
    tr.changed.forEach((keys, type) => {
      if ((type as unknown) === notes) {
        // Deleted here, by the person: not lost.
        for (const key of keys) if (key !== null && !notes.has(key)) this.edited.delete(key)
        return
      }
      if (!(type instanceof Y.Map) || type._item?.parent !== notes) return
      if (![...keys].some((k) => k !== null && (EDITED_FIELDS as readonly string[]).includes(k))) return
      const id = type._item.parentSub
      const entry = id !== null ? this.readEdited(type) : undefined
      if (id !== null && entry) this.edited.set(id, entry)
    })
  }

  private flushLost(): void {
    if (this.destroyed || this.author === null) return
    for (const [id, note] of this.lost) {
      this.lost.delete(id)
      // Only the person's own notes: the server would refuse anyone else's (and they cannot edit them).
      if (note.authorId !== this.author) continue
      if (keepInTrash(this.doc, note, this)) this.options.onKept?.(note, 'deleted-while-edited')
    }
    for (const note of this.overwritten.splice(0)) {
      if (note.authorId !== this.author) continue
      if (keepOverwritten(this.doc, note, this)) this.options.onKept?.(note, 'overwritten-while-edited')
    }
  }

  destroy(): void {
    this.destroyed = true
    this.doc.off('afterTransaction', this.afterTransaction)
  }
}
