import type { Note } from '../../shared/schema.ts'
import { NoteCard } from './NoteCard.tsx'
import { t } from '../i18n.ts'

export function NoteList({ notes, showAuthor = true, large = false }: { notes: Note[]; showAuthor?: boolean; large?: boolean }) {
  if (notes.length === 0) return <p className="empty">{t('participant.empty')}</p>
  return (
    <ul className={large ? 'notes notes-large' : 'notes'} data-testid="notes">
      {notes.map((note) => (
        <li key={note.id}>
          <NoteCard note={note} showAuthor={showAuthor} />
        </li>
      ))}
    </ul>
  )
}
