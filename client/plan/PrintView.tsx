import { canvasView, viewableTables, withoutHidden, type BoardSnapshot } from '../../shared/board.ts'
import { Fragment } from 'react'
import { itemsByCategory, planFieldRows, PLAN_TEXT_KEYS, type PlanItem } from '../../shared/plan.ts'
import type { Note } from '../../shared/schema.ts'
import { currentLang, t, tableLabel } from '../i18n.ts'
import { formatDate, localDateString } from '../../shared/dates.ts'
import { PriorityMatrix } from './PriorityMatrix.tsx'
import type { PrintTarget } from './ExportPanel.tsx'

interface Props {
  target: PrintTarget
  title: string
  tables: string[]
  board: BoardSnapshot
  items: PlanItem[]
  categories: string[]
  agree: Record<string, number>
  votes: Record<string, number>
  onBack: () => void
}

/** A group's (or the loose) notes, as cards in a grid. */
function PrintNotes({ notes, votes }: { notes: readonly Note[]; votes: Readonly<Record<string, number>> }) {
  return (
    <div className="print-notes">
      {notes.map((n) => (
        <PrintNote key={n.id} note={n} votes={votes[n.id] ?? 0} />
      ))}
    </div>
  )
}

function PrintNote({ note, votes }: { note: Note; votes: number }) {
  return (
    <div className={`print-note note-${note.color}`}>
      <p className="print-note-text">{note.text}</p>
      <p className="print-note-meta">
        {t(`color.${note.color}`)}
        {note.kind ? `・${t(`kind.${note.kind}`)}` : ''}
        {votes > 0 ? `・${t('plan.voteCount', { n: votes })}` : ''}
      </p>
    </div>
  )
}

/**
 * One plan item as a table that fits a landscape page: the written fields (目標, ニーズ, 住民の声, 資源,
 * 取り組み) across the width, 5W2H and the short fields (分類, 圏域, 優先度, 状態, 賛成) two to a row.
 */
function PrintPlanItem({ item, agree }: { item: PlanItem; agree: number }) {
  const rows = planFieldRows(item, t, agree).slice(1)
  const wide = rows.slice(0, PLAN_TEXT_KEYS.length - 1)
  const rest = rows.slice(PLAN_TEXT_KEYS.length - 1)
  const pairs = Array.from({ length: Math.ceil(rest.length / 2) }, (_, i) => rest.slice(i * 2, i * 2 + 2))
  return (
    <table className="print-plan">
      <caption>
        {item.title || t('plan.untitled')}
        {item.division ? `（${t(`plan.division.${item.division}`)}）` : ''}
      </caption>
      <colgroup>
        <col className="print-plan-label" />
        <col />
        <col className="print-plan-label" />
        <col />
      </colgroup>
      <tbody>
        {wide.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td colSpan={3}>{value}</td>
          </tr>
        ))}
        {pairs.map((pair) => (
          <tr key={pair[0]![0]}>
            {pair.map(([label, value]) => (
              <Fragment key={label}>
                <th scope="row">{label}</th>
                <td colSpan={pair.length === 1 ? 3 : 1}>{value}</td>
              </Fragment>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** 印刷する and 戻る above a page laid out for paper; not printed. */
export function PrintToolbar({ onBack, testId, ready = true }: { onBack: () => void; testId: string; ready?: boolean }) {
  return (
    <div className="print-toolbar no-print">
      <button type="button" className="button button-primary" onClick={() => window.print()} disabled={!ready} data-testid={testId}>
        {t('print.print')}
      </button>
      <button type="button" className="button button-secondary" onClick={onBack}>
        {t('print.back')}
      </button>
    </div>
  )
}

/**
 * A page laid out for paper (A4 or A3 landscape): the canvas as groups of notes in reading order rather
 * than their places on the screen, so a page break falls between notes, never through one.
 */
export function PrintView({ target, title, tables, board, items, categories, agree, votes, onBack }: Props) {
  const heading =
    target.what === 'matrix' ? t('matrix.heading') : target.what === 'plan' ? t('plan.heading') : t(`canvas.${target.what}`)
  const canvas = target.what === 'matrix' || target.what === 'plan' ? null : target.what
  // Paper is a report like the exports: a note the facilitator hid (a name, a phone number) is not on it.
  const shown = withoutHidden(board)
  // Nothing to lay out says so, as the Word document does, rather than a page with a heading only.
  const empty =
    target.what === 'plan' ? items.length === 0 : canvas !== null && !shown.notes.some((n) => n.canvas === canvas && viewableTables(tables).includes(n.table))
  return (
    <div className={`print-view print-${target.paper}`} data-testid="print.view">
      <PrintToolbar onBack={onBack} testId="print.go" />
      <header className="print-header">
        <h1>{title}</h1>
        <p>
          {heading}　{t('print.printedAt', { date: formatDate(localDateString(new Date()), currentLang()) })}
        </p>
      </header>
      {canvas &&
        viewableTables(tables).map((table) => {
          const view = canvasView(shown, canvas, table)
          if (view.groups.length === 0 && view.loose.length === 0) return null
          return (
            <section key={table} className="print-table">
              <h2>{tableLabel(table)}</h2>
              {view.groups.map((gv) => (
                <section key={gv.group.id} className="print-group">
                  <h3>【{gv.group.title || t('board.untitled')}】</h3>
                  <PrintNotes notes={gv.notes} votes={votes} />
                  {/* A 小グループ under its own 表札, as in the Word document. */}
                  {gv.children.map((child) => (
                    <section key={child.group.id} className="print-subgroup">
                      <h4>【{child.group.title || t('board.untitled')}】</h4>
                      <PrintNotes notes={child.notes} votes={votes} />
                    </section>
                  ))}
                </section>
              ))}
              {view.loose.length > 0 && (
                <section className="print-group">
                  <h3>{t('export.doc.loose')}</h3>
                  <PrintNotes notes={view.loose} votes={votes} />
                </section>
              )}
            </section>
          )
        })}
      {empty && (
        <p className="plan-hint" data-testid="print.empty">
          {target.what === 'plan' ? t('export.doc.noItems') : t('export.doc.none')}
        </p>
      )}
      {target.what === 'matrix' && <PriorityMatrix items={items} agree={agree} size="large" />}
      {target.what === 'plan' &&
        itemsByCategory(items, categories).map(({ category, items: here }) => (
          <section key={category || '-'}>
            <h2 className="print-category">{category || t('plan.uncategorized')}</h2>
            {here.map((item) => (
              <PrintPlanItem key={item.id} item={item} agree={agree[item.id] ?? 0} />
            ))}
          </section>
        ))}
    </div>
  )
}
