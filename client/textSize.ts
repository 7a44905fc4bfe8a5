/**
 * 文字を大きく: larger text for older eyes, chosen on a tablet and kept on that device (localStorage), like
 * the language. The choice is a class on the page's root (`text-large`), which raises --text-scale for the
 * whole style sheet (client/styles.css); set before the first render, so a reload never shows small text first.
 */
import { useSyncExternalStore } from 'react'
import { readPref, writePref } from './devicePrefs.ts'

const STORAGE_KEY = 'yoriai:textSize'
const CLASS = 'text-large'

let large = readPref(STORAGE_KEY) === 'large'
const listeners = new Set<() => void>()

/** Puts the device's choice on the page (main.tsx, before React draws anything). */
export function applyTextSize(): void {
  document.documentElement.classList.toggle(CLASS, large)
}

export function setLargeText(next: boolean): void {
  large = next
  writePref(STORAGE_KEY, next ? 'large' : null)
  applyTextSize()
  for (const listener of listeners) listener()
}

export function useLargeText(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    () => large,
  )
}
