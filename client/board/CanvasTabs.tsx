import { CANVASES, type Canvas } from '../../shared/schema.ts'
import { t } from '../i18n.ts'

export type CanvasChoice = Canvas | 'all'

/** Large tabs for the three canvases (and, where allowed, all three side by side). */
export function CanvasTabs({ value, onChange, counts, allowAll, compact = false }: { value: CanvasChoice; onChange: (v: CanvasChoice) => void; counts?: (c: Canvas) => number; allowAll: boolean; compact?: boolean }) {
  return (
    <nav className={compact ? 'canvas-tabs canvas-tabs-compact' : 'canvas-tabs'} aria-label={t('board.canvases')}>
      {CANVASES.map((c) => (
        <button key={c} type="button" className={value === c ? 'tab tab-on' : 'tab'} aria-pressed={value === c} onClick={() => onChange(c)} data-testid={`tab.${c}`}>
          <span className="tab-label">{t(`canvas.short.${c}`)}</span>
          {counts && <span className="tab-count">{t('board.count', { n: counts(c) })}</span>}
        </button>
      ))}
      {allowAll && (
        <button type="button" className={value === 'all' ? 'tab tab-on' : 'tab'} aria-pressed={value === 'all'} onClick={() => onChange('all')} data-testid="tab.all">
          <span className="tab-label">{t('board.allCanvases')}</span>
        </button>
      )}
    </nav>
  )
}
