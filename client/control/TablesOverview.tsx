import { useState } from 'react'
import type * as Y from 'yjs'
import { EMPTY_BOARD, readBoardView } from '../../shared/board.ts'
import { CANVASES, type Canvas } from '../../shared/schema.ts'
import { useDocValue } from '../sync/hooks.ts'
import { BoardCanvas } from '../board/BoardCanvas.tsx'
import { t, tableLabel } from '../i18n.ts'
import type { PresenceUser } from '../sync/hooks.ts'

/** Every table's board at once, live, for the facilitator walking the room from a laptop. */
export function TablesOverview({ doc, tables, present }: { doc: Y.Doc; tables: string[]; present: PresenceUser[] }) {
  const board = useDocValue(doc, readBoardView, EMPTY_BOARD)
  const [canvas, setCanvas] = useState<Canvas>('need')
  return (
    <section className="overview" aria-labelledby="overview-title" data-testid="overview">
      <div className="panel-row">
        <h2 id="overview-title" className="panel-title">
          {t('overview.heading')}
        </h2>
        {CANVASES.map((c) => (
          <button key={c} type="button" className={canvas === c ? 'button button-primary' : 'button button-secondary'} aria-pressed={canvas === c} onClick={() => setCanvas(c)}>
            {t(`canvas.short.${c}`)}
          </button>
        ))}
      </div>
      <div className="overview-grid">
        {tables.map((table) => (
          <div key={table} className="canvas-slot overview-cell" data-testid="overview.table">
            <h3 className="canvas-title">
              {t('overview.table', { table: tableLabel(table), n: board.notes.filter((n) => n.table === table && n.canvas === canvas && !n.hidden).length, people: present.filter((p) => p.table === table).length })}
            </h3>
            <BoardCanvas doc={doc} board={board} canvas={canvas} table={table} origin={null} readOnly autoFit showAuthors={false} />
          </div>
        ))}
      </div>
    </section>
  )
}
