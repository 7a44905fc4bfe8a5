import { useState } from 'react'
import type * as Y from 'yjs'
import { discardFromTrash, listTrash, restoreFromTrash, trashFor, trashKey, type TrashEntry } from '../../shared/trash.ts'
import { useDocValue } from '../sync/hooks.ts'
import { t, tableLabel } from '../i18n.ts'

const NONE: TrashEntry[] = []

/**
 * ゴミ箱: notes deleted while a tablet was editing them, as that tablet had edited them
 * (shared/trash.ts). The facilitator sees all of them, a participant their own; both can put a note
 * back on the board (a participant only at their own table, where the server lets them write).
 */
export function TrashPanel({ doc, me, origin }: { doc: Y.Doc; me: { role: string; id: string; table: string }; origin?: unknown }) {
  const all = useDocValue(doc, listTrash, NONE)
  const [restored, setRestored] = useState(false)
  /** 捨てる asks once more on the same button: it cannot be undone. */
  const [discarding, setDiscarding] = useState<string | null>(null)
  const entries = trashFor(all, me)
  if (entries.length === 0 && !restored) return null
  return (
    <section className="panel trash-panel" aria-labelledby="trash-title" data-testid="trash.panel">
      <h2 id="trash-title" className="panel-title">
        {t('trash.heading')}
      </h2>
      {entries.length > 0 && <p>{t('trash.explain')}</p>}
      <ul className="trash-list">
        {entries.map((entry) => (
          <li key={trashKey(entry.note)} className="trash-entry" data-testid="trash.entry">
            <span className="trash-text">{entry.note.text}</span>
            <span className="trash-meta">
              {entry.note.authorName ? t('trash.entry', { name: entry.note.authorName }) : t('trash.anonymous')}・{tableLabel(entry.note.table)}
            </span>
            {(me.role === 'facilitator' || entry.note.table === me.table) && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  restoreFromTrash(doc, trashKey(entry.note), origin)
                  setRestored(true)
                }}
                data-testid="trash.restore"
              >
                {t('trash.restore')}
              </button>
            )}
            <button
              type="button"
              className={discarding === trashKey(entry.note) ? 'button button-danger' : 'button button-ghost'}
              onClick={() => {
                const key = trashKey(entry.note)
                if (discarding !== key) return setDiscarding(key)
                discardFromTrash(doc, key, origin)
                setDiscarding(null)
              }}
              data-testid="trash.discard"
            >
              {discarding === trashKey(entry.note) ? t('trash.discardConfirm') : t('trash.discard')}
            </button>
          </li>
        ))}
      </ul>
      {restored && <p role="status">{t('trash.restored')}</p>}
    </section>
  )
}
