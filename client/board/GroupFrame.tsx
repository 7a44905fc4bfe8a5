import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { useDraggable, useDroppable } from '@dnd-kit/core'
import type { Group, Point } from '../../shared/schema.ts'
import { groupBanner, type GroupLayout, type Size } from '../../shared/layout.ts'
import { GROUP_TITLE_MAX } from '../../shared/schema.ts'
import { submitOnEnter } from '../ime.ts'
import { t, tableLabel } from '../i18n.ts'
import { LinkBadge } from '../components/LinkIcon.tsx'
import { useEndsDrag } from './dragClick.ts'

interface Props {
  group: Group
  size: GroupLayout
  at: Point
  nested: boolean
  readOnly: boolean
  dragging: boolean
  /** Like the note being dragged. */
  similar?: boolean
  scale: number
  linkCount: number
  total: number
  onRename: (title: string) => void
  /** グループを解く, offered while the 表札 is open (asks first: see BoardWorkspace); none where nothing changes. */
  onDissolve?: (() => void) | undefined
  /** Where its zoomed-out label may reach beyond the frame (a top-level group; see labelRoom). */
  labelRoom?: Size | undefined
  /** Zoomed far out: a tap on the 表札 zooms in on the group (the field would open a few pixels high). */
  onZoomIn?: (() => void) | undefined
  children: ReactNode
}

/** The header's row while the 表札 is open (the 決定 button's height): what it takes beyond that is a second row. */
const HEADER_ROW = 44

/** A KJ法 group: a frame with its 表札 on a header that is also the handle to move the whole group. */
export function GroupFrame({ group, size, at, nested, readOnly, dragging, similar = false, scale, linkCount, total, onRename, onDissolve, labelRoom, onZoomIn, children }: Props) {
  const drag = useDraggable({ id: `group:${group.id}`, disabled: readOnly })
  const drop = useDroppable({ id: `drop-group:${group.id}`, disabled: readOnly })
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(group.title)
  // The 表札 as it was when the field opened: closed untouched, the field keeps what a neighbour named the
  // group meanwhile. Compared with the 表札 of now, it wrote back the old (often empty) name over theirs.
  const [opened, setOpened] = useState(group.title)
  const endsDrag = useEndsDrag(dragging)
  const offset = drag.transform ? `translate(${drag.transform.x / scale}px, ${drag.transform.y / scale}px)` : ''
  // While the 表札 is open, グループを解く sits in the header's row, beside 決定: under the header (as it was) it
  // covered the first note, which a table reads to name the group. A frame too narrow for the row (one note
  // wide) takes the button onto a second row, and its notes move down by that row on this screen, so that
  // still nothing of the group is covered (the frame is drawn that much taller until the field closes).
  const header = useRef<HTMLElement | null>(null)
  const [naming, setNaming] = useState(0)
  useLayoutEffect(() => {
    setNaming(editing && onDissolve && !readOnly && header.current ? Math.max(0, header.current.offsetHeight - HEADER_ROW) : 0)
  }, [editing, !!onDissolve, readOnly, size.w])
  // Zoomed far out, the 表札 large over the frame's own notes (unreadable at that size): its 小グループ, stacked
  // below them, show their own. Not while it is being named (the field is the header's, at its own size).
  const ownArea = { w: size.w, h: size.children[0]?.offset.y ?? size.h }
  // A group with no 表札 says so as large: the overview shows which groups the tables have still to name.
  const shownTitle = group.title.trim() || t('board.untitled')
  const banner = editing ? null : groupBanner(shownTitle, ownArea, scale, total > 0, labelRoom ?? ownArea)
  // A label wider than the frame reaches over its neighbours: the frame is lifted over theirs for it.
  const wide = banner !== null && banner.width > size.w
  const save = () => {
    setEditing(false)
    if (draft.trim() !== opened.trim() && draft.trim() !== group.title) onRename(draft)
  }
  return (
    <section
      ref={drop.setNodeRef}
      className={`group-frame${nested ? ' group-nested' : ''}${dragging ? ' is-dragging' : ''}${drop.isOver ? ' is-over' : ''}${similar ? ' is-similar' : ''}${editing ? ' is-naming' : ''}${wide ? ' has-wide-banner' : ''}`}
      style={{ transform: `translate(${at.x}px, ${at.y}px) ${offset}`, width: size.w, height: size.h + naming, '--naming-row': `${naming}px` } as React.CSSProperties}
      data-testid="group"
      data-group-id={group.id}
      aria-label={t('board.groupLabel', { title: group.title || t('board.untitled') })}
    >
      <header
        ref={header}
        className={editing ? 'group-header is-naming' : 'group-header'}
        data-board-item="group"
        // Zoomed far out, the handle's and the 表札's finger areas cover the whole header: a tap on either zooms in
        // (not the click that ends a drag of the group by its handle).
        onClick={onZoomIn && (() => !endsDrag() && onZoomIn())}
      >
        {/* No handle where nothing moves (the projector, a locked canvas): it would only promise a drag. */}
        {!readOnly && (
          <span
            ref={drag.setNodeRef}
            className="group-handle"
            {...drag.attributes}
            {...drag.listeners}
            aria-roledescription={t('board.groupRole')}
            aria-label={t('board.moveGroup', { title: group.title || t('board.untitled') })}
            data-testid="group.handle"
          >
            ⠿
          </span>
        )}
        {editing ? (
          <>
            <input
              className="group-title-input"
              value={draft}
              maxLength={GROUP_TITLE_MAX}
              autoFocus
              placeholder={t('board.groupTitlePlaceholder')}
              aria-label={t('board.groupTitle')}
              onChange={(e) => setDraft(e.target.value)}
              onBlur={save}
              onKeyDown={submitOnEnter(save)}
              data-testid="group.title.input"
            />
            {/* A resident does not know that Enter or a tap elsewhere keeps the 表札: a button says so. Pressing
                it keeps the focus in the field, so the tap itself saves (not the blur before it). */}
            <button type="button" className="button button-primary group-title-save" onMouseDown={(e) => e.preventDefault()} onClick={save} data-testid="group.title.save">
              {t('board.groupTitleSave')}
            </button>
            {/* What else can be done with the group, where its 表札 is being named: a resident who made a group by
                mistake looks for the way back on the group itself. Pressed, it keeps the focus in the field (as 決定
                does), so the blur does not close the row before the tap lands; the 表札 typed so far is kept. */}
            {onDissolve && !readOnly && (
              <button
                type="button"
                className="button button-secondary group-dissolve"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  save()
                  onDissolve()
                }}
                data-testid="group.dissolve"
              >
                {t('board.dissolve')}
              </button>
            )}
          </>
        ) : (
          <button
            type="button"
            className="group-title"
            disabled={readOnly}
            onClick={() => {
              if (onZoomIn) return
              setDraft(group.title)
              setOpened(group.title)
              setEditing(true)
            }}
            data-testid="group.title"
          >
            <span className="group-title-text">{group.title || t('board.untitled')}</span>
          </button>
        )}
        {group.origin && <span className="note-origin">{t('plenary.from', { table: tableLabel(group.origin.table) })}</span>}
        {total > 0 && (
          <span className="note-total group-total" data-testid="group.total">
            {t('vote.total', { n: total })}
          </span>
        )}
        {linkCount > 0 && <LinkBadge count={linkCount} label={t('board.linkCount', { n: linkCount })} />}
      </header>
      {/* What a person reads is the section's name (the 表札) and the header's total: this only repeats them large. */}
      {banner !== null && (
        <div className="group-banner" style={{ height: size.children.length > 0 ? ownArea.h - 3 : undefined, fontSize: banner.font }} aria-hidden="true" data-testid="group.banner">
          <span className="group-banner-label" style={wide ? { width: banner.width } : undefined}>
            <span className={group.title.trim() ? 'group-banner-title' : 'group-banner-title is-untitled'}>{shownTitle}</span>
            {total > 0 && <span className="group-banner-total">{t('vote.total', { n: total })}</span>}
          </span>
        </div>
      )}
      {children}
    </section>
  )
}
