/**
 * A small pill at the middle of each side of a canvas beyond which notes lie out of sight (see beyondView.ts):
 * a button that brings them in where the view can be moved, words to read from the back of the hall where it
 * cannot (the projector).
 */
import { SIDES, type Beyond, type Side } from './beyondView.ts'
import { t } from '../i18n.ts'

export function EdgeHints({ beyond, onShow }: { beyond: Beyond; onShow?: ((side: Side) => void) | undefined }) {
  return (
    <>
      {SIDES.map((side) => {
        const n = beyond[side]
        if (n === 0) return null
        return onShow ? (
          <button key={side} type="button" className={`edge-hint edge-hint-button edge-hint-${side}`} onClick={() => onShow(side)} aria-label={t(`board.moreShow.${side}`, { n })} data-testid={`board.more.${side}`}>
            {t(`board.more.${side}`, { n })}
          </button>
        ) : (
          <p key={side} className={`edge-hint edge-hint-${side}`} data-testid={`board.more.${side}`}>
            {t(`board.moreBeyond.${side}`, { n })}
          </p>
        )
      })}
    </>
  )
}
