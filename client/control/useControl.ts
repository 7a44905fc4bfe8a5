import { readControl, type ControlSnapshot, type Focus } from '../../shared/control.ts'
import type { DocConnection } from '../sync/connection.ts'
import { useDocValue } from '../sync/hooks.ts'

export const EMPTY_CONTROL: ControlSnapshot = {
  gallery: false,
  steps: [],
  currentStepId: null,
  stepAt: 0,
  currentStep: null,
  timer: { status: 'idle', endsAt: 0, remainingMs: 0, durationMs: 0 },
  view: null,
  categories: [],
  templateId: null,
  locks: { board: false, canvases: [] },
  vote: null,
}

export function useControl(connection: DocConnection | null): ControlSnapshot {
  return useDocValue(connection?.doc, readControl, EMPTY_CONTROL)
}

/** What the session asks screens to show: the current step's canvas, or a shared view if that came later. */
export function followRequest(control: ControlSnapshot): { canvas: ControlSnapshot['steps'][number]['canvas'] | 'all'; table?: string; key: string; focus?: Focus } | null {
  const step = control.currentStep
  const view = control.view
  if (view && (!step || view.at >= control.stepAt)) return { canvas: view.canvas, table: view.table, key: `view:${view.at}`, ...(view.focus ? { focus: view.focus } : {}) }
  return step ? { canvas: step.canvas, key: `step:${step.id}:${control.stepAt}` } : null
}

/** Vote totals shown on notes: after the vote closes, or while it runs when the facilitator chose live. */
export const visibleTotals = (vote: ControlSnapshot['vote']): Record<string, number> | undefined =>
  vote && (vote.status === 'closed' || vote.live) ? vote.totals : undefined
