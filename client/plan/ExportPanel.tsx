import { useCallback, useEffect, useState } from 'react'
import { countUnrevealed, downloadExport, revealPrivate } from '../api.ts'
import { CANVASES, type Canvas } from '../../shared/schema.ts'
import { t } from '../i18n.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import type { PlanItem } from '../../shared/plan.ts'
import { useItemsOverLimit } from './overLimit.ts'

export type PrintTarget = { what: Canvas | 'matrix' | 'plan'; paper: 'a4' | 'a3' }

const FILES: Array<{ file: string; label: MessageKey }> = [
  { file: 'export.docx', label: 'export.docx' },
  { file: 'export.xlsx', label: 'export.xlsx' },
  { file: 'export.csv', label: 'export.csv' },
  { file: 'plan.csv', label: 'export.planCsv' },
  { file: 'export.md', label: 'export.md' },
  { file: 'export.json', label: 'export.json' },
]

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

/** 書き出し・印刷: each file is made on the server from the documents as they are now. */
export function ExportPanel({ sessionId, facilitatorKey, items, onPrint }: { sessionId: string; facilitatorKey: string; items: PlanItem[]; onPrint: (target: PrintTarget) => void }) {
  const [busy, setBusy] = useState<string | null>(null)
  // Text over a limit kept only on this laptop (overLimit.ts) is in no file: said before saving, by item.
  const overLimit = useItemsOverLimit(sessionId)
  const unsaved = items.filter((item) => overLimit.has(item.id))
  const [bytes, setBytes] = useState(0)
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const [paper, setPaper] = useState<'a4' | 'a3'>('a4')
  // 個人ワーク not yet revealed is in no file (it lives in each writer's private document until 公開): said here,
  // with 公開 at hand — the step whose panel offers it may be long past.
  const [unrevealed, setUnrevealed] = useState(0)
  const checkUnrevealed = useCallback(() => countUnrevealed(sessionId, facilitatorKey).then((r) => setUnrevealed(r.unrevealed), () => {}), [sessionId, facilitatorKey])
  useEffect(() => {
    void checkUnrevealed()
  }, [checkUnrevealed])
  const reveal = () =>
    revealPrivate(sessionId, facilitatorKey).then(
      (r) => {
        setStatus({ ok: true, text: t('private.revealed', { n: r.moved }) })
        void checkUnrevealed()
      },
      (e: Error) => setStatus({ ok: false, text: e.message }),
    )
  const save = async (file: string) => {
    setBusy(file)
    setBytes(0)
    setStatus(null)
    try {
      const name = await downloadExport(sessionId, facilitatorKey, file, setBytes)
      setStatus({ ok: true, text: t('export.done', { file: name }) })
    } catch (e) {
      setStatus({ ok: false, text: t('export.failed', { reason: (e as Error).message }) })
    } finally {
      setBusy(null)
      void checkUnrevealed()
    }
  }
  return (
    <div className="export-view">
      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t('export.heading')}</h2>
        <p className="plan-hint">{t('export.hint')}</p>
        {unsaved.length > 0 && (
          <p className="export-warning" role="note" data-testid="export.overLimit">
            {t('export.overLimit', { titles: unsaved.map((item) => `「${item.title || t('plan.untitled')}」`).join('') })}
          </p>
        )}
        {unrevealed > 0 && (
          <div className="export-warning" role="note" data-testid="export.unrevealed">
            <p>{t('export.unrevealed', { n: unrevealed })}</p>
            <button type="button" className="button button-primary" onClick={() => void reveal()} data-testid="export.reveal">
              {t('export.reveal', { n: unrevealed })}
            </button>
          </div>
        )}
        <div className="export-buttons">
          {FILES.map(({ file, label }) => (
            <button key={file} type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void save(file)} data-testid={`export.${file}`} aria-busy={busy === file}>
              {t(label)}
              {busy === file && <span className="export-progress">{t('export.progress', { size: bytes > 0 ? kb(bytes) : '' })}</span>}
            </button>
          ))}
        </div>
        {status && (
          <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'export-ok' : 'export-error'} data-testid="export.status">
            {status.text}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="print-title">
        <h2 id="print-title">{t('print.heading')}</h2>
        <label className="plan-field">
          <span className="plan-label">{t('print.paper')}</span>
          <select className="input" value={paper} onChange={(e) => setPaper(e.target.value as 'a4' | 'a3')} data-testid="print.paper">
            <option value="a4">{t('print.a4')}</option>
            <option value="a3">{t('print.a3')}</option>
          </select>
        </label>
        <div className="export-buttons">
          {CANVASES.map((c) => (
            <button key={c} type="button" className="button button-secondary" onClick={() => onPrint({ what: c, paper })} data-testid={`print.${c}`}>
              {t('print.canvas', { canvas: t(`canvas.short.${c}`) })}
            </button>
          ))}
          <button type="button" className="button button-secondary" onClick={() => onPrint({ what: 'matrix', paper })} data-testid="print.matrix">
            {t('print.matrix')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => onPrint({ what: 'plan', paper })} data-testid="print.plan">
            {t('print.plan')}
          </button>
        </div>
      </section>
    </div>
  )
}
