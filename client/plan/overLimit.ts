/**
 * Text typed into a plan field beyond its limit, kept on this device per session, item and field: the
 * document refuses it, so until it is shortened this copy is the only one. Switching to another item or
 * reloading the page brings it back into the field (with the message saying why it is not saved), so the
 * facilitator shortens it instead of typing it again. Dropped once the field's text fits. The list of plan
 * items marks the items holding such text (useItemsOverLimit), so none is forgotten when switching items.
 */
import { useMemo, useSyncExternalStore } from 'react'

const PREFIX = 'yoriai:planOver:'
const key = (sessionId: string, itemId: string, field: string): string => `${PREFIX}${sessionId}:${itemId}:${field}`

/** Told when an item starts or stops holding kept text, in this page (storage events reach only other tabs). */
const listeners = new Set<() => void>()
const changed = (): void => {
  for (const listener of listeners) listener()
}

export function readOverLimit(sessionId: string, itemId: string, field: string): string | null {
  try {
    return localStorage.getItem(key(sessionId, itemId, field))
  } catch {
    return null
  }
}

export function keepOverLimit(sessionId: string, itemId: string, field: string, text: string): void {
  try {
    const fresh = localStorage.getItem(key(sessionId, itemId, field)) === null
    localStorage.setItem(key(sessionId, itemId, field), text)
    // Kept again on every keystroke while over: only the first one changes what the list shows.
    if (fresh) changed()
  } catch {
    // Private mode or full storage: the text stays in the field for as long as the editor is open.
  }
}

export function dropOverLimit(sessionId: string, itemId: string, field: string): void {
  try {
    if (localStorage.getItem(key(sessionId, itemId, field)) === null) return
    localStorage.removeItem(key(sessionId, itemId, field))
    changed()
  } catch {
    // storage unavailable: nothing was kept
  }
}

/** The names of the kept texts that start with `prefix`. */
function keptNames(prefix: string): string[] {
  const names: string[] = []
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i)
      if (name?.startsWith(prefix)) names.push(name)
    }
  } catch {
    // storage unavailable: nothing was kept
  }
  return names
}

/** Every field's kept text of an item (when the item is deleted). */
export function dropItemOverLimit(sessionId: string, itemId: string): void {
  const names = keptNames(key(sessionId, itemId, ''))
  try {
    for (const name of names) localStorage.removeItem(name)
  } catch {
    // storage unavailable: nothing was kept
  }
  if (names.length > 0) changed()
}

/** The items of a session holding kept text, sorted and joined: a string, so React sees no change while none happens. */
function itemsKey(sessionId: string): string {
  const prefix = key(sessionId, '', '').slice(0, -1)
  // Item ids are `pl_` and letters and digits: the item is what comes before the next ':'.
  const ids = new Set(keptNames(prefix).map((name) => name.slice(prefix.length).split(':', 1)[0] ?? ''))
  return [...ids].filter(Boolean).sort().join('\n')
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange)
  // Another tab of the same laptop keeping or dropping text.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) onChange()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(onChange)
    window.removeEventListener('storage', onStorage)
  }
}

/** The ids of the session's items that hold text over a limit on this device, updated as it is kept or shortened. */
export function useItemsOverLimit(sessionId: string): ReadonlySet<string> {
  const joined = useSyncExternalStore(subscribe, () => itemsKey(sessionId))
  return useMemo(() => new Set(joined ? joined.split('\n') : []), [joined])
}
