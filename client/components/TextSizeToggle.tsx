import { setLargeText, useLargeText } from '../textSize.ts'
import { t } from '../i18n.ts'

/** 文字を大きく: a toggle button (pressed while the text is large), kept on this device. */
export function TextSizeToggle() {
  const large = useLargeText()
  return (
    <button
      type="button"
      className={large ? 'button button-secondary text-size-toggle is-on' : 'button button-secondary text-size-toggle'}
      aria-pressed={large}
      title={t('textSize.hint')}
      onClick={() => setLargeText(!large)}
      data-testid="textsize.toggle"
    >
      {/* Not by colour alone: a tick says it is on. */}
      <span className="text-size-mark" aria-hidden="true">
        {large ? '✓' : 'あ'}
      </span>
      {t('textSize.large')}
    </button>
  )
}
