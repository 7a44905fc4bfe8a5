/**
 * The on-screen keyboard covers the bottom of the page without making the page shorter (iPadOS Safari, Chrome
 * on Android: only the visual viewport shrinks), so whatever sits low on the page — the composer's 貼る — goes
 * under it while a resident types. This is how much of the window it covers from below, in CSS pixels (0
 * without one): the part of the layout viewport under the visual one.
 */
import { useSyncExternalStore } from 'react'

function covered(): number {
  const viewport = window.visualViewport
  if (!viewport) return 0
  return Math.max(0, Math.round(document.documentElement.clientHeight - viewport.offsetTop - viewport.height))
}

function subscribe(onChange: () => void): () => void {
  const viewport = window.visualViewport
  viewport?.addEventListener('resize', onChange)
  viewport?.addEventListener('scroll', onChange)
  window.addEventListener('resize', onChange)
  return () => {
    viewport?.removeEventListener('resize', onChange)
    viewport?.removeEventListener('scroll', onChange)
    window.removeEventListener('resize', onChange)
  }
}

export function useKeyboardInset(): number {
  return useSyncExternalStore(subscribe, covered)
}
