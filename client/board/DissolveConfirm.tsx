import { useEffect, useRef } from 'react'
import type { Group } from '../../shared/schema.ts'
import { t } from '../i18n.ts'

interface Props {
  group: Group
  /** The group its notes go back into, for a 小グループ. */
  parent: Group | undefined
  /** Links to the group that go with it (a 小グループ's pass to its parent: none go). */
  links: number
  /** Plan items drafted from the group: they stay, and the facilitator is told so. */
  cited: number
  onConfirm: () => void
  onCancel: () => void
}

/**
 * グループを解く asks first, as deleting a note does: the 表札 the table agreed on goes, and a resident's tap on
 * the wrong group should not take it. Says where the notes go and what else goes (links) or stays (plan items).
 */
export function DissolveConfirm({ group, parent, links, cited, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null)
  // An alert dialog takes the focus (a screen reader reads it out); the safe choice first.
  useEffect(() => cancel.current?.focus(), [])
  const untitled = t('board.untitled')
  return (
    // The board behind waits (a drag or a tap there would change what is asked about); a tap on it is やめる.
    <div className="dissolve-backdrop" onClick={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        className="dissolve-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="dissolve-q"
        aria-describedby="dissolve-what"
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        data-testid="dissolve.confirm"
      >
        <p id="dissolve-q" className="confirm-text">
          {t('board.dissolveConfirm', { title: group.title || untitled })}
        </p>
        <div id="dissolve-what">
          <p>{parent ? t('board.dissolveWhatNested', { parent: parent.title || untitled }) : t('board.dissolveWhat')}</p>
          {links > 0 && <p data-testid="dissolve.links">{t('board.dissolveLinks', { n: links })}</p>}
          {cited > 0 && <p data-testid="dissolve.plan">{t('board.dissolvePlan')}</p>}
        </div>
        <div className="composer-actions">
          <button ref={cancel} type="button" className="button button-secondary button-large" onClick={onCancel} data-testid="dissolve.cancel">
            {t('participant.cancel')}
          </button>
          <button type="button" className="button button-danger button-large" onClick={onConfirm} data-testid="dissolve.ok">
            {t('board.dissolve')}
          </button>
        </div>
      </div>
    </div>
  )
}
