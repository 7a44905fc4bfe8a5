/**
 * Whether the step is 個人ワーク, as this tablet last knew it. The step comes with the control document, which
 * the tablet does not keep: reloaded without a connection, it would not know and a note written then would go
 * on the table's board, for everyone once the Wi-Fi is back. Kept per session in localStorage until the step
 * is heard again.
 */
const keyOf = (sessionId: string): string => `yoriai:privateStep:${sessionId}`

export function keptPrivateStep(sessionId: string): boolean {
  try {
    return localStorage.getItem(keyOf(sessionId)) === '1'
  } catch {
    return false
  }
}

export function keepPrivateStep(sessionId: string, isPrivate: boolean): void {
  try {
    if (isPrivate) localStorage.setItem(keyOf(sessionId), '1')
    else localStorage.removeItem(keyOf(sessionId))
  } catch {
    // storage unavailable: the page knows only what the control document says
  }
}
