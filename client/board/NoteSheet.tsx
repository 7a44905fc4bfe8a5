import { useState } from 'react'
import { endText, type BoardSnapshot } from '../../shared/board.ts'
import type { Group, LinkEnd, Note } from '../../shared/schema.ts'
import { linkedTo } from '../../shared/ops/links.ts'
import { t } from '../i18n.ts'
import { LinkPicker } from './LinkPicker.tsx'
import type { DotsApi } from '../control/useDots.ts'

interface Props {
  note: Note
  board: BoardSnapshot
  /** Present while a vote is open on this note's canvas. */
  dots: DotsApi | null
  canEdit: boolean
  canMove: boolean
  onEdit: () => void
  onDelete: () => void
  onLeaveGroup: () => void
  /** グループを解く for the note's group (the workspace asks first); none where the canvas is locked or visited. */
  onDissolveGroup?: ((group: Group) => void) | undefined
  /** The facilitator only: hide the note from participants and the projector, or show it again. */
  onToggleHidden?: (() => void) | undefined
  likes: number
  liked: boolean
  /** ギャラリーウォーク: a visitor likes the note (or takes it back). */
  onToggleLike?: (() => void) | undefined
  /** The facilitator only: copy the note's group (or the note) to the plenary canvas. */
  onGather?: (() => void) | undefined
  onToggleLink: (from: LinkEnd, to: LinkEnd, linked: boolean) => void
  /** The plan items that cite this note (directly or through its group). */
  citedBy?: ReadonlyArray<{ id: string; title: string }> | undefined
  /** The facilitator only: open a plan item, or draft one from this need note or its group (計画案にする). */
  onOpenPlan?: ((itemId: string) => void) | undefined
  onMakePlan?: ((from: LinkEnd) => void) | undefined
  onClose: () => void
}

/** A tapped note, full size: its whole text, what it links to, and what this person may do with it. */
export function NoteSheet({ note, board, dots, canEdit, canMove, onEdit, onDelete, onLeaveGroup, onDissolveGroup, onToggleHidden, onGather, likes, liked, onToggleLike, onToggleLink, citedBy = [], onOpenPlan, onMakePlan, onClose }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [linking, setLinking] = useState<LinkEnd | null>(null)
  const group: Group | undefined = note.groupId ? board.groups.find((g) => g.id === note.groupId) : undefined
  const links = linkedTo(board.links, { type: 'note', id: note.id })
  const groupLinks = group ? linkedTo(board.links, { type: 'group', id: group.id }) : []

  if (linking) {
    return <LinkPicker from={linking} board={board} table={note.table} onToggle={onToggleLink} onDone={() => setLinking(null)} />
  }

  return (
    <section className="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title" data-testid="sheet">
      <div className={`note sheet-note note-${note.color}`}>
        <p id="sheet-title" className="note-text">
          {note.text}
        </p>
        <footer className="note-meta">
          <span className="note-color-label">{t(`color.${note.color}`)}</span>
          {note.kind && <span className="note-kind">{t(`kind.${note.kind}`)}</span>}
          <span className="note-author">{note.authorName || t('participant.anonymous')}</span>
        </footer>
      </div>
      {note.speaker && (
        <p className="speaker" data-testid="sheet.speaker">
          {t('proxy.spoken', { who: [note.speaker.age, note.speaker.area, note.speaker.role].filter(Boolean).join('・') })}
        </p>
      )}
      {likes > 0 && <p className="likes" data-testid="sheet.likes">{t('gallery.likes', { n: likes })}</p>}
      {note.hidden && <p className="hidden-label">{t('moderation.hiddenLabel')}</p>}
      {group && <p>{t('sheet.inGroup', { title: group.title || t('board.untitled') })}</p>}
      {(links.length > 0 || groupLinks.length > 0) && (
        <div>
          <h3 className="sheet-subtitle">{t('sheet.links')}</h3>
          <ul className="link-list">
            {[...links, ...groupLinks].map((end) => (
              <li key={`${end.type}:${end.id}`}>{endText(board, end, t('board.untitled'))}</li>
            ))}
          </ul>
        </div>
      )}
      {citedBy.length > 0 && (
        <div data-testid="sheet.citedBy">
          <h3 className="sheet-subtitle">{t('plan.citedBy')}</h3>
          <ul className="link-list">
            {citedBy.map((item) => (
              <li key={item.id}>
                {item.title || t('plan.untitled')}
                {onOpenPlan && (
                  <button type="button" className="button button-ghost" onClick={() => onOpenPlan(item.id)}>
                    {t('plan.open')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-delete">
          <p id="confirm-delete" className="confirm-text">
            {t('sheet.confirmDelete')}
          </p>
          <div className="composer-actions">
            <button type="button" className="button button-secondary button-large" onClick={() => setConfirming(false)}>
              {t('participant.cancel')}
            </button>
            <button type="button" className="button button-danger button-large" onClick={onDelete} data-testid="sheet.confirmDelete">
              {t('sheet.delete')}
            </button>
          </div>
        </div>
      ) : (
        <div className="sheet-actions">
          {dots && (
            <div className="vote-actions">
              <p className="vote-mine" data-testid="vote.mine">
                {(dots.unsent[note.id] ?? 0) > 0 ? t('vote.mineUnsent', { n: dots.mine[note.id] ?? 0, m: dots.unsent[note.id] ?? 0 }) : t('vote.mine', { n: dots.mine[note.id] ?? 0 })}
              </p>
              <button type="button" className="button button-primary button-huge" disabled={dots.remaining <= 0} onClick={() => dots.place(note.id)} data-testid="vote.place">
                {t('vote.place', { n: dots.remaining })}
              </button>
              {(dots.mine[note.id] ?? 0) > 0 && (
                <button type="button" className="button button-secondary button-large" onClick={() => dots.remove(note.id)} data-testid="vote.remove">
                  {t('vote.remove')}
                </button>
              )}
              {dots.error && (
                <p className="error" role="alert">
                  {dots.error}
                </p>
              )}
            </div>
          )}
          {canEdit && (
            <button type="button" className="button button-secondary button-large" onClick={onEdit} data-testid="sheet.edit">
              {t('sheet.edit')}
            </button>
          )}
          {canMove && (
            <button type="button" className="button button-secondary button-large" onClick={() => setLinking({ type: 'note', id: note.id })} data-testid="sheet.link">
              {t('sheet.linkNote')}
            </button>
          )}
          {canMove && group && (
            <button type="button" className="button button-secondary button-large" onClick={() => setLinking({ type: 'group', id: group.id })} data-testid="sheet.linkGroup">
              {t('sheet.linkGroup', { title: group.title || t('board.untitled') })}
            </button>
          )}
          {canMove && group && (
            <button type="button" className="button button-secondary button-large" onClick={onLeaveGroup} data-testid="sheet.leaveGroup">
              {t('sheet.leaveGroup')}
            </button>
          )}
          {onDissolveGroup && group && (
            <button type="button" className="button button-secondary button-large" onClick={() => onDissolveGroup(group)} data-testid="sheet.dissolveGroup">
              {t('board.dissolveGroup', { title: group.title || t('board.untitled') })}
            </button>
          )}
          {onToggleLike && (
            <button type="button" className="button button-primary button-large" aria-pressed={liked} onClick={onToggleLike} data-testid="sheet.like">
              {liked ? t('gallery.unlike') : t('gallery.like')}
            </button>
          )}
          {onMakePlan && note.canvas === 'need' && group && (
            <button type="button" className="button button-primary button-large" onClick={() => onMakePlan({ type: 'group', id: group.id })} data-testid="sheet.makePlanGroup">
              {t('plan.makeFromGroup', { title: group.title || t('board.untitled') })}
            </button>
          )}
          {onMakePlan && note.canvas === 'need' && (
            <button type="button" className="button button-secondary button-large" onClick={() => onMakePlan({ type: 'note', id: note.id })} data-testid="sheet.makePlanNote">
              {t('plan.makeFromNote')}
            </button>
          )}
          {onGather && (
            <button type="button" className="button button-secondary button-large" onClick={onGather} data-testid="sheet.gather">
              {t('plenary.gather')}
            </button>
          )}
          {onToggleHidden && (
            <button type="button" className="button button-secondary button-large" onClick={onToggleHidden} data-testid="sheet.hide">
              {note.hidden ? t('moderation.show') : t('moderation.hide')}
            </button>
          )}
          {canEdit && (
            <button type="button" className="button button-danger-outline button-large" onClick={() => setConfirming(true)} data-testid="sheet.delete">
              {t('sheet.delete')}
            </button>
          )}
          <button type="button" className="button button-primary button-large" onClick={onClose} data-testid="sheet.close">
            {t('sheet.close')}
          </button>
        </div>
      )}
    </section>
  )
}
