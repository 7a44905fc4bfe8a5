import { useMemo } from 'react'
import type * as Y from 'yjs'
import { EMPTY_PLAN, draftWording, readPlanState, type PlanState } from '../../shared/plan.ts'
import { useDocValue } from '../sync/hooks.ts'
import { currentLang, t } from '../i18n.ts'

/** The plan items, 賛成 counts, whether 賛成 is open and what the projector shows, from the control document. */
export function usePlan(doc: Y.Doc | undefined): PlanState {
  return useDocValue(doc, readPlanState, EMPTY_PLAN)
}

/** How a new draft words its lists, in the page's language. */
export function useDraftWording() {
  const lang = currentLang()
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => draftWording(t), [lang])
}
