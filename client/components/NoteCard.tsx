import type { Note } from '../../shared/schema.ts'
import { t } from '../i18n.ts'

/** A sticky note: colour with its label (never colour alone), text, and the writer's nickname or 匿名. */
export function NoteCard({ note, showAuthor = true }: { note: Note; showAuthor?: boolean }) {
  return (
    <article className={`note note-${note.color}`} data-testid="note" data-note-id={note.id} aria-label={note.text}>
      <p className="note-text">{note.text}</p>
      <footer className="note-meta">
        <span className="note-color-label">{t(`color.${note.color}`)}</span>
        {showAuthor && <span className="note-author">{note.authorName || t('participant.anonymous')}</span>}
      </footer>
    </article>
  )
}
