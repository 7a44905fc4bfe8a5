import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import {
  addStep,
  extendTimer,
  goToStep,
  isTimerOver,
  moveStep,
  pauseTimer,
  removeStep,
  resetTimer,
  resumeTimer,
  setLock,
  setGallery,
  startTimer,
  updateStep,
  type ControlSnapshot,
  type TimerState,
} from '../../shared/control.ts'
import { CANVASES, type Canvas } from '../../shared/schema.ts'
import { measureServerClock, serverNow, useServerNow } from '../sync/serverClock.ts'
import { TimerDisplay } from './TimerDisplay.tsx'
import { t } from '../i18n.ts'

interface Props {
  doc: Y.Doc
  control: ControlSnapshot
  onShareView: () => void
}

/** What the timer's field takes: whole minutes, up to ten hours. */
const TIMER_MIN_MINUTES = 1
const TIMER_MAX_MINUTES = 600

/** 進行: steps (next, back, edit), the timer, and みんなの画面を合わせる. */
export function FacilitatorPanel({ doc, control, onShareView }: Props) {
  const step = control.currentStep
  const [minutes, setMinutes] = useState(String(step?.minutes ?? 10))
  const [minutesError, setMinutesError] = useState(false)
  const [editing, setEditing] = useState(false)
  // The steps and the timer are stamped with the server's time: measured as soon as the panel opens.
  useEffect(() => void measureServerClock().catch(() => {}), [])
  useEffect(() => setMinutes(String(step?.minutes ?? 10)), [step?.id, step?.minutes])
  const index = control.steps.findIndex((s) => s.id === step?.id)
  const timer = control.timer
  // The list scrolls on a laptop (a template's seven steps do not fit it): the current step is brought into it,
  // after 次へ進む and on opening the page, by scrolling the list alone (not the side column or the page).
  const listRef = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const list = listRef.current
    const item = list?.querySelector('[aria-current="step"]')
    if (!list || !item) return
    const [outer, inner] = [list.getBoundingClientRect(), item.getBoundingClientRect()]
    if (inner.top < outer.top) list.scrollTop -= outer.top - inner.top
    else if (inner.bottom > outer.bottom) list.scrollTop += inner.bottom - outer.bottom
  }, [step?.id, control.steps.length])

  return (
    <section className="panel" aria-labelledby="panel-title">
      <h2 id="panel-title" className="panel-title">
        {t('step.heading')}
      </h2>
      <ol className="step-list" ref={listRef}>
        {control.steps.map((s, i) => (
          <li key={s.id}>
            <button type="button" className={s.id === step?.id ? 'step-item step-item-on' : 'step-item'} aria-current={s.id === step?.id ? 'step' : undefined} onClick={() => goToStep(doc, s.id, serverNow())}>
              {i + 1}. {s.name}
              {s.private && <span className="step-private">{t('step.private')}</span>}
            </button>
          </li>
        ))}
      </ol>
      <div className="panel-row">
        <button type="button" className="button button-secondary" onClick={() => moveStep(doc, -1, serverNow())} disabled={index <= 0} data-testid="step.prev">
          {t('step.prev')}
        </button>
        <button type="button" className="button button-primary" onClick={() => moveStep(doc, 1, serverNow())} disabled={index >= control.steps.length - 1} data-testid="step.next">
          {t('step.next')}
        </button>
        <button type="button" className="button button-ghost" onClick={() => setEditing((v) => !v)} aria-expanded={editing} data-testid="step.edit">
          {t('step.edit')}
        </button>
      </div>
      {editing && step && <StepEditor key={step.id} doc={doc} stepId={step.id} control={control} onDone={() => setEditing(false)} />}

      <h3 className="panel-subtitle">{t('timer.heading')}</h3>
      <TimerDisplay timer={timer} />
      <div className="panel-row">
        {timer.status === 'idle' && (
          <>
            <label className="minutes">
              <input
                className="input"
                type="number"
                min={TIMER_MIN_MINUTES}
                max={TIMER_MAX_MINUTES}
                step={1}
                inputMode="numeric"
                value={minutes}
                onChange={(e) => {
                  setMinutes(e.target.value)
                  setMinutesError(false)
                }}
                aria-label={t('timer.minutes')}
                aria-invalid={minutesError}
                aria-describedby={minutesError ? 'timer-minutes-error' : undefined}
                data-testid="timer.minutes"
              />
              <span>{t('timer.minutesUnit')}</span>
            </label>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                // Whole minutes within the field's range; anything else is said, not quietly made a minute.
                const n = Number(minutes)
                if (!Number.isInteger(n) || n < TIMER_MIN_MINUTES || n > TIMER_MAX_MINUTES) return setMinutesError(true)
                startTimer(doc, n * 60_000, serverNow())
              }}
              data-testid="timer.start"
            >
              {t('timer.start')}
            </button>
          </>
        )}
        {timer.status === 'running' && <PauseButton doc={doc} timer={timer} />}
        {timer.status === 'paused' && (
          <button type="button" className="button button-primary" onClick={() => resumeTimer(doc, serverNow())} data-testid="timer.resume">
            {t('timer.resume')}
          </button>
        )}
        {timer.status !== 'idle' && (
          <>
            <button type="button" className="button button-secondary" onClick={() => extendTimer(doc, 60_000, serverNow())} data-testid="timer.plus1">
              {t('timer.plus1')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => extendTimer(doc, 5 * 60_000, serverNow())}>
              {t('timer.plus5')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => resetTimer(doc)} data-testid="timer.reset">
              {t('timer.reset')}
            </button>
          </>
        )}
      </div>
      {minutesError && timer.status === 'idle' && (
        <p className="error" role="alert" id="timer-minutes-error" data-testid="timer.minutesError">
          {t('timer.minutesRange', { min: TIMER_MIN_MINUTES, max: TIMER_MAX_MINUTES })}
        </p>
      )}

      <h3 className="panel-subtitle">{t('lock.heading')}</h3>
      <div className="panel-row">
        {(['board', ...CANVASES] as const).map((target) => {
          const locked = target === 'board' ? control.locks.board : control.locks.canvases.includes(target)
          return (
            <button
              key={target}
              type="button"
              className={locked ? 'button button-danger' : 'button button-secondary'}
              aria-pressed={locked}
              onClick={() => setLock(doc, target, !locked)}
              data-testid={`lock.${target}`}
            >
              {locked ? t('lock.locked') : t('lock.unlocked')}：{target === 'board' ? t('lock.board') : t(`canvas.short.${target}`)}
            </button>
          )
        })}
      </div>

      <h3 className="panel-subtitle">{t('gallery.heading')}</h3>
      <button
        type="button"
        className={control.gallery ? 'button button-danger' : 'button button-secondary'}
        aria-pressed={control.gallery}
        onClick={() => setGallery(doc, !control.gallery)}
        data-testid="gallery.toggle"
      >
        {control.gallery ? t('gallery.close') : t('gallery.open')}
      </button>

      <button type="button" className="button button-primary panel-share" onClick={onShareView} data-testid="view.share">
        {t('view.share')}
      </button>
    </section>
  )
}

function StepEditor({ doc, stepId, control, onDone }: { doc: Y.Doc; stepId: string; control: ControlSnapshot; onDone: () => void }) {
  const step = control.steps.find((s) => s.id === stepId)!
  const [name, setName] = useState(step.name)
  const [instruction, setInstruction] = useState(step.instruction)
  const [canvas, setCanvas] = useState<Canvas>(step.canvas)
  const [isPrivate, setPrivate] = useState(step.private === true)
  const save = () => {
    updateStep(doc, stepId, { name: name.trim() || step.name, instruction, canvas, private: isPrivate })
    onDone()
  }
  return (
    <div className="step-editor">
      <label className="field">
        <span>{t('step.name')}</span>
        <input className="input" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="step.editName" />
      </label>
      <label className="field">
        <span>{t('step.instruction')}</span>
        <textarea className="input" rows={3} value={instruction} maxLength={300} onChange={(e) => setInstruction(e.target.value)} data-testid="step.editInstruction" />
      </label>
      <label className="field">
        <span>{t('step.canvas')}</span>
        <select className="input" value={canvas} onChange={(e) => setCanvas(e.target.value as Canvas)}>
          {CANVASES.map((c) => (
            <option key={c} value={c}>
              {t(`canvas.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
        {t('step.privateLabel')}
      </label>
      <div className="panel-row">
        <button type="button" className="button button-primary" onClick={save} data-testid="step.save">
          {t('sheet.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => addStep(doc, { name: t('step.newName'), instruction: '', canvas: 'need' })}>
          {t('step.add')}
        </button>
        <button
          type="button"
          className="button button-danger-outline"
          disabled={control.steps.length <= 1}
          onClick={() => {
            removeStep(doc, stepId)
            onDone()
          }}
        >
          {t('step.remove')}
        </button>
      </div>
    </div>
  )
}

/** 一時停止 while time is left: once it is over (時間です) there is nothing to pause; ＋1分 and リセット stay. */
function PauseButton({ doc, timer }: { doc: Y.Doc; timer: TimerState }) {
  const now = useServerNow(1_000)
  if (isTimerOver(timer, now)) return null
  return (
    <button type="button" className="button button-secondary" onClick={() => pauseTimer(doc, serverNow())} data-testid="timer.pause">
      {t('timer.pause')}
    </button>
  )
}
