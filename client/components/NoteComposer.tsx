import { useEffect, useId, useRef, useState, type CSSProperties } from 'react'
import { CANVASES, NOTE_COLORS, NOTE_TEXT_MAX, RESOURCE_KIND_GROUPS, SPEAKER_AGES, SPEAKER_ROLES, type Canvas, type NoteColor, type ResourceKind, type Speaker } from '../../shared/schema.ts'

/** Sets (or, tapped again, clears) one speaker attribute. */
function toggle(s: Speaker, key: keyof Speaker, value: string, keepTyping = false): Speaker {
  const next = { ...s }
  if (!value.trim() || (!keepTyping && s[key] === value)) delete next[key]
  else next[key] = value
  return next
}
import { charLength } from '../../shared/validate.ts'
import { privacyHints, type PrivacyHint } from '../../shared/privacy.ts'
import { isImeEnter } from '../ime.ts'
import { useKeyboardInset } from '../keyboard.ts'
import { t } from '../i18n.ts'

export interface ComposedNote {
  text: string
  canvas: Canvas
  color: NoteColor
  kind?: ResourceKind
  speaker?: Speaker
}

interface Props {
  defaultCanvas: Canvas
  /** Editing an existing note: only the text and colour change. */
  initial?: { text: string; color: NoteColor; kind?: ResourceKind }
  submitLabel?: string
  /** Canvases that are locked now: not offered. */
  locked?: ReadonlySet<Canvas>
  /**
   * The canvas the person was looking at, locked: the composer opened on another (`defaultCanvas`) and says so,
   * so that a need is not written onto 資源 unawares.
   */
  lockedView?: Canvas | undefined
  onPost: (note: ComposedNote) => string | null
  /**
   * The note being rewritten was deleted meanwhile (by someone else): there is nothing to save to,
   * so the composer says so and offers this instead of 保存する, keeping what the person wrote.
   */
  onPostAsNew?: ((note: ComposedNote) => string | null) | undefined
  /** The note's text as someone else saved it while this person was rewriting it (saving replaces it). */
  rewrittenMeanwhile?: string | undefined
  onCancel: () => void
}

/**
 * Writing a note on a tablet, one task per screen: a large text area, the canvas (preset to the
 * step's), a colour (preset), for resources a kind, then 貼る. Enter adds a line and the IME's
 * confirming Enter is left to the IME; Ctrl/⌘+Enter posts, never while a conversion is open.
 * Text that looks like it identifies someone asks once before posting.
 */
export function NoteComposer({ defaultCanvas, initial, submitLabel, locked, lockedView, onPost, onPostAsNew, rewrittenMeanwhile, onCancel }: Props) {
  const [text, setText] = useState(initial?.text ?? '')
  const [canvas, setCanvas] = useState<Canvas>(defaultCanvas)
  const [color, setColor] = useState<NoteColor>(initial?.color ?? 'yellow')
  const [kind, setKind] = useState<ResourceKind | undefined>(initial?.kind)
  const [error, setError] = useState<string | null>(null)
  const [privacy, setPrivacy] = useState<PrivacyHint[] | null>(null)
  const [proxy, setProxy] = useState(false)
  const [speaker, setSpeaker] = useState<Speaker>({})
  const id = useId()
  const length = charLength(text.trim())
  const tooLong = length > NOTE_TEXT_MAX
  const editing = initial !== undefined
  const keyboard = useKeyboardInset()
  const section = useRef<HTMLElement>(null)
  // The keyboard came up (or grew): the field being written in goes above it and above 貼る, which waits there
  // (the browser brings the caret into view, not clear of the buttons).
  useEffect(() => {
    const field = document.activeElement
    if (keyboard > 0 && field instanceof HTMLElement && section.current?.contains(field)) field.scrollIntoView({ block: 'nearest' })
  }, [keyboard])

  const post = (confirmed = false) => {
    if (!text.trim()) return setError(t('error.noteEmpty'))
    if (tooLong) return setError(t('error.noteTooLong', { max: NOTE_TEXT_MAX }))
    const hints = privacyHints(text)
    if (!confirmed && hints.length > 0) return setPrivacy(hints)
    const withSpeaker = proxy && Object.values(speaker).some(Boolean) ? { speaker } : {}
    const send = onPostAsNew ?? onPost
    const failure = send({ text, canvas, color, ...(canvas === 'resource' && kind ? { kind } : {}), ...withSpeaker })
    if (failure) setError(failure)
  }

  if (privacy) {
    return (
      <section className="composer privacy" role="alertdialog" aria-labelledby={`${id}-privacy`} data-testid="privacy.dialog">
        <h2 id={`${id}-privacy`}>{t('privacy.title')}</h2>
        <p className="privacy-text">{t('privacy.body')}</p>
        <ul>
          {privacy.map((h) => (
            <li key={h}>{t(`privacy.${h}`)}</li>
          ))}
        </ul>
        <blockquote className="privacy-quote">{text}</blockquote>
        <div className="composer-actions">
          <button type="button" className="button button-primary button-large" onClick={() => setPrivacy(null)} data-testid="privacy.edit">
            {t('privacy.edit')}
          </button>
          <button type="button" className="button button-secondary button-large" onClick={() => post(true)} data-testid="privacy.post">
            {t('privacy.postAnyway')}
          </button>
        </div>
      </section>
    )
  }

  return (
    <section ref={section} className="composer" aria-labelledby={`${id}-label`} style={{ '--keyboard': `${keyboard}px` } as CSSProperties}>
      {!editing && lockedView && lockedView !== canvas && !locked?.has(canvas) && (
        <p className="lock-banner" role="status" data-testid="composer.viewLocked">
          {t('composer.viewLocked', { locked: t(`canvas.short.${lockedView}`), canvas: t(`canvas.short.${canvas}`) })}
        </p>
      )}
      <label id={`${id}-label`} htmlFor={`${id}-text`} className="composer-label">
        {t('participant.textLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        data-testid="composer.text"
        className={`composer-text note-${color}`}
        value={text}
        placeholder={t('participant.textPlaceholder')}
        rows={4}
        autoFocus
        aria-describedby={`${id}-count`}
        aria-invalid={tooLong}
        onChange={(e) => {
          setText(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !isImeEnter(e)) {
            e.preventDefault()
            post()
          }
        }}
      />
      <p id={`${id}-count`} className={tooLong ? 'counter counter-over' : 'counter'} data-testid="composer.count">
        {t('participant.count', { n: length, max: NOTE_TEXT_MAX })}
      </p>
      {!editing && (
        <fieldset className="choice">
          <legend>{t('composer.canvas')}</legend>
          <div className="choice-row">
            {CANVASES.map((c) => (
              <label key={c} className={canvas === c ? 'chip chip-on' : 'chip'}>
                <input type="radio" name={`${id}-canvas`} checked={canvas === c} disabled={locked?.has(c)} onChange={() => setCanvas(c)} data-testid={`composer.canvas.${c}`} />
                {t(`canvas.short.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <fieldset className="choice">
        <legend>{t('composer.color')}</legend>
        <div className="choice-row">
          {NOTE_COLORS.map((c) => (
            <label key={c} className={`chip chip-color note-${c}${color === c ? ' chip-on' : ''}`}>
              <input type="radio" name={`${id}-color`} checked={color === c} onChange={() => setColor(c)} data-testid={`composer.color.${c}`} />
              {t(`color.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {canvas === 'resource' && !editing && (
        <fieldset className="choice">
          <legend>{t('composer.kind')}</legend>
          {Object.entries(RESOURCE_KIND_GROUPS).map(([family, kinds]) => (
            <div key={family} className="kind-family">
              <span className="kind-family-label">{t(`kindFamily.${family as keyof typeof RESOURCE_KIND_GROUPS}`)}</span>
              <div className="choice-row">
                {kinds.map((k) => (
                  <button key={k} type="button" aria-pressed={kind === k} className={kind === k ? 'chip chip-on' : 'chip'} onClick={() => setKind(kind === k ? undefined : k)}>
                    {t(`kind.${k}`)}
                  </button>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      )}
      {!editing && (
        <fieldset className="choice">
          <label className="check">
            <input type="checkbox" checked={proxy} onChange={(e) => setProxy(e.target.checked)} data-testid="composer.proxy" />
            {t('proxy.toggle')}
          </label>
          {proxy && (
            <div className="proxy">
              <p className="proxy-hint">{t('proxy.hint')}</p>
              <span className="kind-family-label">{t('proxy.age')}</span>
              <div className="choice-row">
                {SPEAKER_AGES.map((age) => (
                  <button key={age} type="button" aria-pressed={speaker.age === age} className={speaker.age === age ? 'chip chip-on' : 'chip'} onClick={() => setSpeaker((s) => toggle(s, 'age', age))}>
                    {age}
                  </button>
                ))}
              </div>
              <span className="kind-family-label">{t('proxy.role')}</span>
              <div className="choice-row">
                {SPEAKER_ROLES.map((role) => (
                  <button key={role} type="button" aria-pressed={speaker.role === role} className={speaker.role === role ? 'chip chip-on' : 'chip'} onClick={() => setSpeaker((s) => toggle(s, 'role', role))} data-testid="proxy.role">
                    {role}
                  </button>
                ))}
              </div>
              <label className="field">
                <span className="kind-family-label">{t('proxy.area')}</span>
                <input className="input" maxLength={20} value={speaker.area ?? ''} onChange={(e) => setSpeaker((s) => toggle(s, 'area', e.target.value, true))} />
              </label>
            </div>
          )}
        </fieldset>
      )}
      {/* Locked while the person writes (the composer opened before): the text stays, and 貼る keeps the note
          here until the lock is lifted. */}
      {!editing && locked?.has(canvas) && (
        <p className="lock-banner" role="status" data-testid="composer.locked">
          {t('composer.locked')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rewrittenMeanwhile !== undefined && !onPostAsNew && (
        <p className="lock-banner" role="alert" data-testid="composer.rewritten">
          {t('composer.rewritten', { text: rewrittenMeanwhile })}
        </p>
      )}
      {onPostAsNew && (
        // Not in 保存する's place: a second tap on it must not post before the notice is read.
        <div className="composer-gone" data-testid="composer.gone">
          <p role="alert">{t('composer.gone')}</p>
          <button type="button" className="button button-primary button-large" onClick={() => post()} data-testid="composer.postAsNew">
            {t('composer.postAsNew')}
          </button>
        </div>
      )}
      <div className="composer-actions">
        <button type="button" className="button button-secondary button-large" onClick={onCancel} data-testid="composer.cancel">
          {t('participant.cancel')}
        </button>
        {!onPostAsNew && (
          <button type="button" className="button button-primary button-large" onClick={() => post()} data-testid="composer.post">
            {submitLabel ?? t('participant.post')}
          </button>
        )}
      </div>
    </section>
  )
}
