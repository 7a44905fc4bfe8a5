import { useState } from 'react'
import type * as Y from 'yjs'
import type { Note } from '../../shared/schema.ts'
import type { ParticipantId } from '../../shared/ids.ts'
import { addNote } from '../../shared/ops/notes.ts'
import { freeNotePosition } from '../../shared/ops/place.ts'
import { readBoard } from '../../shared/board.ts'
import { forgetKept, readKept } from '../sync/keptNotes.ts'
import { t, tableLabel } from '../i18n.ts'

/**
 * 送れなかった付箋: the resident's notes written for a table they have since been moved from, kept on
 * the tablet (client/sync/keptNotes.ts). Each can be posted again at the table the person is at now,
 * as a new note in a free place there (where it lay at the old table may be taken), or thrown away (asked twice, like the ゴミ箱).
 */
export function KeptNotes({ sessionId, doc, me }: { sessionId: string; doc: Y.Doc; me: { id: string; name: string; table: string } }) {
  const [notes, setNotes] = useState<Note[]>(() => readKept(sessionId))
  const [discarding, setDiscarding] = useState<string | null>(null)
  if (notes.length === 0) return null
  const done = (id: string) => {
    forgetKept(sessionId, id)
    setNotes(readKept(sessionId))
  }
  return (
    <section className="panel trash-panel" aria-labelledby="kept-title" data-testid="kept.panel">
      <h2 id="kept-title" className="panel-title">
        {t('kept.heading')}
      </h2>
      <p>{t('kept.explain')}</p>
      <ul className="trash-list">
        {notes.map((note) => (
          <li key={note.id} className="trash-entry" data-testid="kept.entry">
            <span className="trash-text">{note.text}</span>
            <span className="trash-meta">{t('kept.from', { table: tableLabel(note.table) })}</span>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                addNote(doc, { text: note.text, canvas: note.canvas, color: note.color, authorId: me.id as ParticipantId, authorName: me.name, table: me.table, pos: freeNotePosition(readBoard(doc), note.canvas, me.table), ...(note.kind ? { kind: note.kind } : {}), ...(note.speaker ? { speaker: note.speaker } : {}) })
                done(note.id)
              }}
              data-testid="kept.repost"
            >
              {t('kept.repost')}
            </button>
            <button
              type="button"
              className={discarding === note.id ? 'button button-danger' : 'button button-ghost'}
              onClick={() => {
                if (discarding !== note.id) return setDiscarding(note.id)
                setDiscarding(null)
                done(note.id)
              }}
              data-testid="kept.discard"
            >
              {discarding === note.id ? t('kept.discardConfirm') : t('kept.discard')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
