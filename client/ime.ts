/**
 * Japanese IME: the Enter that confirms a conversion must never submit. Chrome reports it with
 * isComposing; Safari ends the composition first and then sends keyCode 229, so both are checked.
 */
import type { KeyboardEvent } from 'react'

export function isImeEnter(event: KeyboardEvent): boolean {
  return event.nativeEvent.isComposing || event.keyCode === 229
}

/** onKeyDown for a single-line input that submits on Enter — but not on the IME's confirming Enter. */
export function submitOnEnter(submit: () => void) {
  return (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    if (event.key !== 'Enter') return
    // Implicit form submission is disabled; this handler is the only way Enter submits.
    event.preventDefault()
    if (isImeEnter(event)) return
    submit()
  }
}
