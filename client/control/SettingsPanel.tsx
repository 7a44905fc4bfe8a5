import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { setCategories } from '../../shared/control.ts'
import { addTables } from '../api.ts'
import { t } from '../i18n.ts'

/** What the template set and the facilitator may change: the plan categories and the tables. */
export function SettingsPanel({ doc, categories, sessionId, facilitatorKey, onTablesChanged }: { doc: Y.Doc; categories: string[]; sessionId: string; facilitatorKey: string; onTablesChanged: () => void }) {
  const [draft, setDraft] = useState(categories.join('\n'))
  const [table, setTable] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  useEffect(() => setDraft(categories.join('\n')), [categories])
  return (
    <details className="panel settings">
      <summary className="panel-title">{t('settings.heading')}</summary>
      <label className="field">
        <span>{t('settings.categories')}</span>
        <textarea className="input" rows={4} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="settings.categories" />
      </label>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          setCategories(doc, draft.split('\n'))
          setNotice(t('settings.saved'))
        }}
        data-testid="settings.saveCategories"
      >
        {t('sheet.save')}
      </button>
      <label className="field">
        <span>{t('settings.addTable')}</span>
        <input className="input" value={table} maxLength={20} onChange={(e) => setTable(e.target.value)} data-testid="settings.table" />
      </label>
      <button
        type="button"
        className="button button-secondary"
        disabled={!table.trim()}
        onClick={() =>
          addTables(sessionId, facilitatorKey, [table]).then(
            () => {
              setTable('')
              setNotice(t('settings.saved'))
              onTablesChanged()
            },
            (e: Error) => setNotice(e.message),
          )
        }
        data-testid="settings.addTableButton"
      >
        {t('settings.addTableButton')}
      </button>
      {notice && <p role="status">{notice}</p>}
    </details>
  )
}
