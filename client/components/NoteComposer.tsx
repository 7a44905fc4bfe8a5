import { useId, useState } from 'react'
import { NOTE_TEXT_MAX } from '../../shared/schema.ts'
import { charLength } from '../../shared/validate.ts'
import { isImeEnter } from '../ime.ts'
import { t } from '../i18n.ts'

/**
 * One task per screen: a large text area and 貼る. Enter adds a line (and the IME's confirming Enter is
 * left to the IME); Ctrl/⌘+Enter posts, but never while a conversion is open.
 */
export function NoteComposer({ onPost, onCancel }: { onPost: (text: string) => string | null; onCancel: () => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const length = charLength(text.trim())
  const tooLong = length > NOTE_TEXT_MAX

  const post = () => {
    if (!text.trim()) return setError(t('error.noteEmpty'))
    if (tooLong) return setError(t('error.noteTooLong', { max: NOTE_TEXT_MAX }))
    const failure = onPost(text)
    if (failure) setError(failure)
    else {
      setText('')
      setError(null)
    }
  }

  return (
    <section className="composer" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-text`} className="composer-label">
        {t('participant.textLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        data-testid="composer.text"
        className="composer-text"
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} data-testid="composer.cancel">
          {t('participant.cancel')}
        </button>
        <button type="button" className="button button-primary button-large" onClick={post} data-testid="composer.post">
          {t('participant.post')}
        </button>
      </div>
    </section>
  )
}
