/**
 * Text typed into a plan field beyond its limit, kept on this device per session, item and field: the
 * document refuses it, so until it is shortened this copy is the only one. Switching to another item or
 * reloading the page brings it back into the field (with the message saying why it is not saved), so the
 * facilitator shortens it instead of typing it again. Dropped once the field's text fits.
 */
const PREFIX = 'yoriai:planOver:'
const key = (sessionId: string, itemId: string, field: string): string => `${PREFIX}${sessionId}:${itemId}:${field}`

export function readOverLimit(sessionId: string, itemId: string, field: string): string | null {
  try {
    return localStorage.getItem(key(sessionId, itemId, field))
  } catch {
    return null
  }
}

export function keepOverLimit(sessionId: string, itemId: string, field: string, text: string): void {
  try {
    localStorage.setItem(key(sessionId, itemId, field), text)
  } catch {
    // Private mode or full storage: the text stays in the field for as long as the editor is open.
  }
}

export function dropOverLimit(sessionId: string, itemId: string, field: string): void {
  try {
    localStorage.removeItem(key(sessionId, itemId, field))
  } catch {
    // storage unavailable: nothing was kept
  }
}

/** Every field's kept text of an item (when the item is deleted). */
export function dropItemOverLimit(sessionId: string, itemId: string): void {
  try {
    const prefix = key(sessionId, itemId, '')
    const names: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i)
      if (name?.startsWith(prefix)) names.push(name)
    }
    for (const name of names) localStorage.removeItem(name)
  } catch {
    // storage unavailable: nothing was kept
  }
}
