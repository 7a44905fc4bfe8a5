import { memo, useCallback, useEffect, useRef } from 'react'
import { useDraggable, useDroppable } from '@dnd-kit/core'
import type { Note, Point } from '../../shared/schema.ts'
import { NOTE_H, NOTE_W } from '../../shared/layout.ts'
import { currentLang, t, tableLabel } from '../i18n.ts'
import { LinkBadge } from '../components/LinkIcon.tsx'
import { useEndsDrag } from './dragClick.ts'

interface Props {
  note: Note
  /** Position within the parent (the world, or a group frame). */
  at: Point
  readOnly: boolean
  showAuthor: boolean
  dragging: boolean
  /** Like the note being dragged (a hint where it might go). */
  similar?: boolean
  scale: number
  linkCount: number
  /** This person's dots on the note, and the published total. */
  dots: number
  /** Of `dots`, those placed on this device that the server has not taken yet (drawn hollow, 未送信). */
  unsentDots?: number
  total: number
  likes: number
  /** Written here, not yet confirmed on the server's disk. */
  unsent: boolean
  onOpen: ((note: Note) => void) | undefined
  /** Take the keyboard focus when drawn (a far note that had it was brought near). */
  autoFocus?: boolean
}

/**
 * Props compared as memo does, except `at` by value: a group's layout is computed afresh whenever the
 * board changes, and its notes must not all be drawn again for new points at the same places.
 */
function sameProps<P extends { at: Point }>(before: P, after: P): boolean {
  const keys = Object.keys(after) as Array<keyof P>
  if (Object.keys(before).length !== keys.length) return false
  for (const key of keys) if (key !== 'at' && !Object.is(before[key], after[key])) return false
  return before.at.x === after.at.x && before.at.y === after.at.y
}

/**
 * A note on a canvas: draggable, a drop target (to make a group), and a button that opens it.
 * Memoised: while a note is dragged among a thousand, the others must not render on every frame
 * (bench B5), so the canvas passes props that keep their identity.
 */
export const BoardNote = memo(function BoardNote({ note, at, readOnly, showAuthor, dragging, similar = false, scale, linkCount, dots, unsentDots = 0, total, likes, unsent, onOpen, autoFocus = false }: Props) {
  const drag = useDraggable({ id: `note:${note.id}`, disabled: readOnly })
  const drop = useDroppable({ id: `drop-note:${note.id}`, disabled: readOnly })
  // A stable ref: a new one on each render would detach and re-attach both, re-observing the element.
  const { setNodeRef: setDragRef } = drag
  const { setNodeRef: setDropRef } = drop
  const element = useRef<HTMLElement | null>(null)
  const setRef = useCallback(
    (el: HTMLElement | null) => {
      element.current = el
      setDragRef(el)
      setDropRef(el)
    },
    [setDragRef, setDropRef],
  )
  useEffect(() => {
    if (autoFocus) element.current?.focus({ preventScroll: true })
  }, [autoFocus])
  const endsDrag = useEndsDrag(dragging)
  // A note that cannot be dragged (locked, visiting, projector) is still a button that opens it.
  const { 'aria-disabled': _notDraggable, ...dragAttributes } = drag.attributes
  const offset = drag.transform ? `translate(${drag.transform.x / scale}px, ${drag.transform.y / scale}px)` : ''
  const label = noteLabel(note, showAuthor)
  // At most five dots drawn in the note's footer, the unsent ones (up to three) always among them.
  const hollow = Math.min(unsentDots, 3)
  return (
    <div
      ref={setRef}
      className={`note board-note note-${note.color}${dragging ? ' is-dragging' : ''}${drop.isOver ? ' is-over' : ''}${similar ? ' is-similar' : ''}${note.hidden ? ' note-hidden' : ''}`}
      style={{ transform: `translate(${at.x}px, ${at.y}px) ${offset}`, width: NOTE_W, height: NOTE_H }}
      data-board-item="note"
      data-testid="note"
      data-note-id={note.id}
      data-group-id={note.groupId ?? ''}
      {...dragAttributes}
      {...drag.listeners}
      role="button"
      aria-roledescription={t('board.noteRole')}
      aria-label={label}
      onClick={() => {
        // The click that ends a drag is not a tap.
        if (endsDrag()) return
        onOpen?.(note)
      }}
      onKeyDown={(e) => {
        drag.listeners?.onKeyDown?.(e)
        if ((e.key === 'Enter' || e.key === ' ') && !e.defaultPrevented && !e.nativeEvent.isComposing) onOpen?.(note)
      }}
    >
      <p className="note-text">{note.text}</p>
      {similar && (
        <span className="similar-badge" data-testid="note.similar">
          {t('suggest.similar')}
        </span>
      )}
      {/* The colour also shows as a pattern (and in the label read aloud), so it is never colour alone. */}
      <footer className="note-meta">
        {unsent && (
          <span className="note-unsent" data-testid="note.unsent">
            {t('error.notSent')}
          </span>
        )}
        {note.kind && <span className="note-kind">{t(`kind.${note.kind}`)}</span>}
        {note.origin && <span className="note-origin">{t('plenary.from', { table: tableLabel(note.origin.table) })}</span>}
        {note.comment && <span className="note-comment">{t('gallery.commentBadge')}</span>}
        {dots > 0 && (
          <span
            className="note-dots"
            role="img"
            aria-label={unsentDots > 0 ? t('vote.mineUnsent', { n: dots, m: unsentDots }) : t('vote.mine', { n: dots })}
            data-testid="note.dots"
          >
            {'●'.repeat(Math.min(dots - unsentDots, 5 - hollow))}
            {/* Not sent yet: a hollow, dashed dot and the word, so it never rests on colour alone. */}
            {unsentDots > 0 && (
              <span className="note-dots-unsent" data-testid="note.dots.unsent">
                {Array.from({ length: hollow }, (_, i) => (
                  <span key={i} className="dot-unsent" />
                ))}
                {t('error.notSent')}
              </span>
            )}
          </span>
        )}
        {likes > 0 && (
          <span className="note-likes" data-testid="note.likes">
            {t('gallery.likes', { n: likes })}
          </span>
        )}
        {total > 0 && (
          <span className="note-total" data-testid="note.total">
            {t('vote.total', { n: total })}
          </span>
        )}
        {linkCount > 0 && <LinkBadge count={linkCount} label={t('board.linkCount', { n: linkCount })} />}
        {showAuthor && <span className="note-author">{note.authorName || t('participant.anonymous')}</span>}
      </footer>
    </div>
  )
}, sameProps)

function noteLabel(note: Note, showAuthor: boolean): string {
  return [note.text, t(`color.${note.color}`), note.kind ? t(`kind.${note.kind}`) : '', showAuthor ? note.authorName || t('participant.anonymous') : '']
    .filter(Boolean)
    .join('、')
}

/** The element drawn for a far note, kept while the note, its place and the words for it stay the same. */
const farElements = new WeakMap<Note, { x: number; y: number; showAuthor: boolean; lang: string; element: React.JSX.Element }>()

/**
 * A note far outside the view: its place, and the same name for screen readers and the same place in
 * the Tab order, but no drag or drop wiring and nothing drawn (the canvas handles its focus and click:
 * it brings the note into view, where it is drawn whole). A board of a thousand notes registers only
 * the few dozen near the view with @dnd-kit (each registration copies its map of drop targets), and the
 * browser has next to nothing to style, lay out or paint for the rest: an empty box each, placed by
 * left/top (no transform, clip or content of its own, so it adds no work to a drag's frames; with
 * content-visibility: auto each one was checked against the view on every frame of a drag); bench B5.
 *
 * Zoomed far out (BoardCanvas's TINY_BELOW) every note is drawn so, as a card of its colour (data-color): its text
 * would be a few pixels high.
 *
 * A plain element, not a component, and the same element object while nothing about it changed: React
 * then skips it outright whenever the canvas renders again (its view, a connection's state, a drag).
 */
export function farNote(note: Note, at: Point, showAuthor: boolean): React.JSX.Element {
  const lang = currentLang()
  const kept = farElements.get(note)
  if (kept && kept.x === at.x && kept.y === at.y && kept.showAuthor === showAuthor && kept.lang === lang) return kept.element
  const element = <div key={note.id} className="board-note-far" style={{ left: at.x, top: at.y }} data-testid="note" data-note-id={note.id} data-color={note.color} role="button" tabIndex={0} aria-label={noteLabel(note, showAuthor)} />
  farElements.set(note, { x: at.x, y: at.y, showAuthor, lang, element })
  return element
}
