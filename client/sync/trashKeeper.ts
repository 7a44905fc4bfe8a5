/**
 * Keeps a tablet's edits that a delete overtook (the policy in shared/trash.ts). No DOM here, so the
 * same code runs on the tablet (DocConnection) and in the Node tests against the real server.
 *
 * While the tablet has edits of a note that the server has not confirmed (no Ack covers them yet),
 * the keeper holds a copy of that note as edited. When a change from the server removes such a note,
 * the copy goes into the board's trash, in the author's name, for the facilitator or the author to
 * restore. The copies are rebuilt from the document after a reload (the device's IndexedDB copy
 * still holds the edits and what the server last confirmed).
 */
import * as Y from 'yjs'
import { notesMap, readNote, type Note } from '../../shared/schema.ts'
import { keepInTrash } from '../../shared/trash.ts'

/** The fields a person edits on their own note (what the rules call the owner's fields). */
const EDITED_FIELDS = ['text', 'color', 'kind', 'speaker'] as const

export interface KeeperOptions {
  /** The origin of changes that came from the server (the y-websocket provider). */
  remote: unknown
  /** True when the server is known to have stored this struct, or it is not this device's. */
  confirmed: (id: Y.ID) => boolean
  /** Told after an edit went to the trash. */
  onKept?: (note: Note) => void
}

export class DeletedEditKeeper {
  /** Notes with edits the server has not confirmed, as last edited here. */
  private readonly edited = new Map<string, Note>()
  /** Notes lost to a delete, waiting until the author is known to be written to the trash. */
  private readonly lost = new Map<string, Note>()
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
      const note = this.hasUnconfirmedEdit(ymap) ? readNote(ymap) : undefined
      if (note) this.edited.set(id, note)
      else this.edited.delete(id)
    })
  }

  private hasUnconfirmedEdit(ymap: Y.Map<unknown>): boolean {
    for (const field of EDITED_FIELDS) {
      const item = ymap._map.get(field)
      if (item && !item.deleted && !this.options.confirmed(item.id)) return true
    }
    return false
  }

  private readonly afterTransaction = (tr: Y.Transaction): void => {
    const notes = notesMap(this.doc)
    if (tr.origin === this.options.remote) {
      // The server's changes: an edited note that is gone now was deleted by someone else.
      for (const [id, note] of this.edited) {
        if (notes.has(id)) continue
        this.edited.delete(id)
        this.lost.set(id, note)
      }
      if (this.lost.size > 0) queueMicrotask(() => this.flushLost())
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
      const note = id !== null && this.hasUnconfirmedEdit(type) ? readNote(type) : undefined
      if (id !== null && note) this.edited.set(id, note)
    })
  }

  private flushLost(): void {
    if (this.destroyed || this.author === null) return
    for (const [id, note] of this.lost) {
      this.lost.delete(id)
      // Only the person's own notes: the server would refuse anyone else's (and they cannot edit them).
      if (note.authorId !== this.author) continue
      if (keepInTrash(this.doc, note, this)) this.options.onKept?.(note)
    }
  }

  destroy(): void {
    this.destroyed = true
    this.doc.off('afterTransaction', this.afterTransaction)
  }
}
