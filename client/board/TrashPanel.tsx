import { useState } from 'react'
import type * as Y from 'yjs'
import { discardFromTrash, listTrash, restoreFromTrash, trashEntryKey, trashFor, type TrashEntry } from '../../shared/trash.ts'
import { useDocValue } from '../sync/hooks.ts'
import { t, tableLabel } from '../i18n.ts'

const NONE: TrashEntry[] = []

/**
 * ゴミ箱: notes deleted while a tablet was editing them, as that tablet had edited them, and copies of a
 * tablet's edits that someone else's edit of the same note overwrote (shared/trash.ts). The facilitator
 * sees all of them, a participant their own; both can put a note back on the board (a participant only
 * at their own table, where the server lets them write). An overwritten edit comes back beside the note.
 */
export function TrashPanel({ doc, me, origin }: { doc: Y.Doc; me: { role: string; id: string; table: string }; origin?: unknown }) {
  const all = useDocValue(doc, listTrash, NONE)
  const [restored, setRestored] = useState<TrashEntry['reason'] | null>(null)
  /** 捨てる asks once more on the same button: it cannot be undone. */
  const [discarding, setDiscarding] = useState<string | null>(null)
  const entries = trashFor(all, me)
  if (entries.length === 0 && restored === null) return null
  const has = (reason: TrashEntry['reason']) => entries.some((e) => e.reason === reason)
  return (
    <section className="panel trash-panel" aria-labelledby="trash-title" data-testid="trash.panel">
      <h2 id="trash-title" className="panel-title">
        {t('trash.heading')}
      </h2>
      {has('deleted-while-edited') && <p>{t('trash.explain')}</p>}
      {has('overwritten-while-edited') && <p>{t('trash.explainOverwritten')}</p>}
      <ul className="trash-list">
        {entries.map((entry) => (
          <li key={trashEntryKey(entry)} className="trash-entry" data-testid="trash.entry" data-reason={entry.reason}>
            <span className="trash-text">{entry.note.text}</span>
            <span className="trash-reason" data-testid="trash.reason">
              {t(entry.reason === 'overwritten-while-edited' ? 'trash.reason.overwritten' : 'trash.reason.deleted')}
            </span>
            <span className="trash-meta">
              {entry.note.authorName ? t('trash.entry', { name: entry.note.authorName }) : t('trash.anonymous')}・{tableLabel(entry.note.table)}
            </span>
            {(me.role === 'facilitator' || entry.note.table === me.table) && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  restoreFromTrash(doc, trashEntryKey(entry), origin)
                  setRestored(entry.reason)
                }}
                data-testid="trash.restore"
              >
                {t(entry.reason === 'overwritten-while-edited' ? 'trash.restoreCopy' : 'trash.restore')}
              </button>
            )}
            <button
              type="button"
              className={discarding === trashEntryKey(entry) ? 'button button-danger' : 'button button-ghost'}
              onClick={() => {
                const key = trashEntryKey(entry)
                if (discarding !== key) return setDiscarding(key)
                discardFromTrash(doc, key, origin)
                setDiscarding(null)
              }}
              data-testid="trash.discard"
            >
              {discarding === trashEntryKey(entry) ? t('trash.discardConfirm') : t('trash.discard')}
            </button>
          </li>
        ))}
      </ul>
      {restored !== null && <p role="status">{t(restored === 'overwritten-while-edited' ? 'trash.restoredCopy' : 'trash.restored')}</p>}
    </section>
  )
}
