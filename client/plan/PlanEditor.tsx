import { useEffect, useId, useRef, useState, type RefObject } from 'react'
import type * as Y from 'yjs'
import {
  PLAN_AREAS,
  PLAN_DIVISIONS,
  PLAN_FIELD_MAX,
  PLAN_STATUSES,
  PLAN_TITLE_MAX,
  SCORE_MAX,
  SCORE_MIN,
  W5H2_KEYS,
  deletePlanItem,
  isRated,
  unratePlanItem,
  updatePlanItem,
  type PlanItem,
  type PlanPatch,
} from '../../shared/plan.ts'
import { endText, type BoardSnapshot } from '../../shared/board.ts'
import type { LinkEnd } from '../../shared/schema.ts'
import { t, tableLabel } from '../i18n.ts'
import { dropItemOverLimit, dropOverLimit, keepOverLimit, readOverLimit } from './overLimit.ts'

/** Where a field keeps text over its limit on this device (overLimit.ts), bound to its session, item and field. */
interface OverLimitStore {
  read: () => string | null
  keep: (text: string) => void
  drop: () => void
}

interface TextFieldProps {
  label: string
  value: string
  max: number
  rows?: number
  testId: string
  overLimit: OverLimitStore
  onCommit: (value: string) => void
}

/**
 * A field that keeps what the person is typing on this device and writes it to the shared document
 * when they pause or leave the field — never in the middle of an IME conversion. Until they type, it
 * follows the document (a second laptop's edit shows up, and focusing and leaving the field writes
 * nothing back over it). A text over the limit is kept whole in the field, with a message, and is not
 * written until it fits: nothing pasted is cut off silently. It is kept on the device too, so switching
 * item or reloading brings it back to be shortened, not typed again.
 */
function TextField({ label, value, max, rows = 0, testId, overLimit, onCommit }: TextFieldProps) {
  const [kept] = useState(() => overLimit.read())
  const [draft, setDraft] = useState(kept ?? value)
  /** Typed here and not yet written (or brought back over the limit from the device's storage). */
  const dirty = useRef(kept !== null)
  const composing = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const latest = useRef(draft)
  latest.current = draft
  const id = useId()
  useEffect(() => {
    if (!dirty.current) setDraft(value)
  }, [value])
  const over = draft.length > max
  const commit = () => {
    clearTimeout(timer.current)
    if (!dirty.current || latest.current.length > max) return
    dirty.current = false
    if (latest.current !== value) onCommit(latest.current)
  }
  // Whatever was typed is written when the editor closes or switches item, and when the page goes (a
  // reload or a closed tab within the pause above unmounts nothing, and the words were lost).
  const commitRef = useRef(commit)
  commitRef.current = commit
  useEffect(() => {
    const onPageHide = () => commitRef.current()
    window.addEventListener('pagehide', onPageHide)
    return () => {
      window.removeEventListener('pagehide', onPageHide)
      commitRef.current()
    }
  }, [])
  const common = {
    className: 'input',
    value: draft,
    'data-testid': testId,
    'aria-invalid': over,
    ...(over ? { 'aria-describedby': `${id}-over` } : {}),
    onBlur: commit,
    onCompositionStart: () => {
      composing.current = true
    },
    onCompositionEnd: () => {
      composing.current = false
    },
    onChange: (e: { target: { value: string } }) => {
      dirty.current = true
      setDraft(e.target.value)
      if (e.target.value.length > max) overLimit.keep(e.target.value)
      else overLimit.drop()
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        if (!composing.current) commitRef.current()
      }, 800)
    },
  }
  return (
    <label className="plan-field">
      <span className="plan-label">{label}</span>
      {rows > 0 ? <textarea {...common} rows={rows} /> : <input {...common} />}
      {over && (
        <span id={`${id}-over`} className="error" role="alert" data-testid={`${testId}.tooLong`}>
          {t('plan.tooLong', { field: label, max, n: draft.length })}
        </span>
      )}
    </label>
  )
}

function Choice<T extends string>({ label, value, options, optionLabel, testId, onChange }: { label: string; value: T | ''; options: readonly T[]; optionLabel: (v: T) => string; testId: string; onChange: (v: T | '') => void }) {
  return (
    <label className="plan-field">
      <span className="plan-label">{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value as T | '')} data-testid={testId}>
        <option value="">{t('plan.unset')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  )
}

/** 1–5 as five large buttons (one tap, readable from a distance); none pressed while 未評価. */
function Score({ label, value, testId, first, onChange }: { label: string; value: number | null; testId: string; first?: RefObject<HTMLButtonElement | null>; onChange: (n: number) => void }) {
  const scores = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i)
  return (
    <fieldset className="plan-field plan-score" data-testid={testId}>
      <legend className="plan-label">
        {label}
        {value === null && (
          <span className="plan-unrated" data-testid={`${testId}.unrated`}>
            {t('plan.unrated')}
          </span>
        )}
      </legend>
      <div className="score-row">
        {scores.map((n) => (
          <button key={n} ref={n === SCORE_MIN ? first : undefined} type="button" className={`score${n === value ? ' is-on' : ''}`} aria-pressed={n === value} onClick={() => onChange(n)}>
            {n}
          </button>
        ))}
      </div>
    </fieldset>
  )
}

/** A source as the editor lists it: its text (endText) and where it is; null when it was deleted. */
export function sourceLabel(board: BoardSnapshot, end: LinkEnd): { text: string; where: string } | null {
  const at = end.type === 'group' ? board.groups.find((x) => x.id === end.id) : board.notes.find((x) => x.id === end.id)
  return at ? { text: endText(board, end, t('board.untitled')), where: `${t(`canvas.short.${at.canvas}`)}・${tableLabel(at.table)}` } : null
}

interface Props {
  doc: Y.Doc
  sessionId: string
  item: PlanItem
  categories: string[]
  board: BoardSnapshot
  agree: number
  onShowSource: (end: LinkEnd) => void
  onDeleted: () => void
}

/** Every field of a plan item, in the order of the councils' plan sheets; each edit merges per field. */
export function PlanEditor({ doc, sessionId, item, categories, board, agree, onShowSource, onDeleted }: Props) {
  const [confirming, setConfirming] = useState(false)
  /** Where the focus goes once 未評価に戻す has gone with the scores: the first score, read with its 未評価 label. */
  const firstScore = useRef<HTMLButtonElement | null>(null)
  const keeper = (field: string): OverLimitStore => ({
    read: () => readOverLimit(sessionId, item.id, field),
    keep: (text) => keepOverLimit(sessionId, item.id, field, text),
    drop: () => dropOverLimit(sessionId, item.id, field),
  })
  const set = (patch: PlanPatch) => updatePlanItem(doc, item.id, patch)
  const categoryOptions = item.category && !categories.includes(item.category) ? [...categories, item.category] : categories
  return (
    <article className="plan-editor" aria-labelledby="plan-editor-title" data-testid="plan.editor">
      <h2 id="plan-editor-title" className="plan-editor-title">
        {item.title || t('plan.untitled')}
        {agree > 0 && <span className="plan-agree-count">{t('plan.agreeCount', { n: agree })}</span>}
      </h2>
      <TextField label={t('plan.field.title')} value={item.title} max={PLAN_TITLE_MAX} testId="plan.title" overLimit={keeper('title')} onCommit={(v) => set({ title: v })} />
      <div className="plan-row">
        <Choice label={t('plan.field.category')} value={item.category} options={categoryOptions} optionLabel={(c) => c} testId="plan.category" onChange={(v) => set({ category: v })} />
        <Choice label={t('plan.field.division')} value={item.division} options={PLAN_DIVISIONS} optionLabel={(d) => t(`plan.division.${d}`)} testId="plan.division" onChange={(v) => set({ division: v })} />
        <Choice label={t('plan.field.area')} value={item.area} options={PLAN_AREAS} optionLabel={(a) => t(`plan.area.${a}`)} testId="plan.area" onChange={(v) => set({ area: v })} />
        <label className="plan-field">
          <span className="plan-label">{t('plan.field.status')}</span>
          <select className="input" value={item.status} onChange={(e) => set({ status: e.target.value as PlanItem['status'] })} data-testid="plan.status">
            {PLAN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`plan.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TextField label={t('plan.field.goal')} value={item.goal} max={PLAN_FIELD_MAX} rows={2} testId="plan.goal" overLimit={keeper('goal')} onCommit={(v) => set({ goal: v })} />
      <TextField label={t('plan.field.needs')} value={item.needs} max={PLAN_FIELD_MAX} rows={4} testId="plan.needs" overLimit={keeper('needs')} onCommit={(v) => set({ needs: v })} />
      <TextField label={t('plan.field.voices')} value={item.voices} max={PLAN_FIELD_MAX} rows={4} testId="plan.voices" overLimit={keeper('voices')} onCommit={(v) => set({ voices: v })} />
      <TextField label={t('plan.field.resources')} value={item.resources} max={PLAN_FIELD_MAX} rows={3} testId="plan.resources" overLimit={keeper('resources')} onCommit={(v) => set({ resources: v })} />
      <TextField label={t('plan.field.actions')} value={item.actions} max={PLAN_FIELD_MAX} rows={3} testId="plan.actions" overLimit={keeper('actions')} onCommit={(v) => set({ actions: v })} />
      <fieldset className="plan-w5h2">
        <legend className="plan-label">{t('plan.w5h2')}</legend>
        {W5H2_KEYS.map((k) => (
          <TextField key={k} label={t(`plan.w5h2.${k}`)} value={item.w5h2[k]} max={PLAN_FIELD_MAX} rows={2} testId={`plan.w5h2.${k}`} overLimit={keeper(`w5h2.${k}`)} onCommit={(v) => set({ w5h2: { [k]: v } })} />
        ))}
      </fieldset>
      <div className="plan-row">
        <Score label={t('plan.field.impact')} value={item.impact} testId="plan.impact" first={firstScore} onChange={(n) => set({ impact: n })} />
        <Score label={t('plan.field.feasibility')} value={item.feasibility} testId="plan.feasibility" onChange={(n) => set({ feasibility: n })} />
      </div>
      {/* Both scores go together: a mis-tap, or the meeting deciding 「これはまだ決めないでおこう」. */}
      {isRated(item) && (
        <button
          type="button"
          className="button button-secondary plan-unrate"
          onClick={() => {
            unratePlanItem(doc, item.id)
            firstScore.current?.focus()
          }}
          data-testid="plan.unrate"
        >
          {t('plan.unrate')}
        </button>
      )}
      <section>
        <h3 className="sheet-subtitle">{t('plan.sources')}</h3>
        <ul className="plan-sources" data-testid="plan.sources">
          {item.sources.map((end) => {
            const label = sourceLabel(board, end)
            return (
              <li key={`${end.type}:${end.id}`}>
                {label ? (
                  <>
                    <span className="plan-source-text">{label.text}</span>
                    <span className="plan-source-where">{label.where}</span>
                    <button type="button" className="button button-secondary" onClick={() => onShowSource(end)} data-testid="plan.source.show">
                      {t('plan.sourceShow')}
                    </button>
                  </>
                ) : (
                  <span className="plan-source-where">{t('plan.sourceGone')}</span>
                )}
              </li>
            )
          })}
        </ul>
      </section>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="plan-delete-q">
          <p id="plan-delete-q">{t('plan.deleteConfirm', { title: item.title || t('plan.untitled') })}</p>
          <div className="panel-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                deletePlanItem(doc, item.id)
                dropItemOverLimit(sessionId, item.id)
                onDeleted()
              }}
            >
              {t('sheet.delete')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              {t('participant.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-ghost" onClick={() => setConfirming(true)}>
          {t('plan.delete')}
        </button>
      )}
    </article>
  )
}
