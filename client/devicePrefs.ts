/**
 * A person's choices kept on this device (localStorage): the language, 文字を大きく, the projector's chime. In
 * private mode, or where storage is refused, a choice lasts for the page only.
 */

export function readPref(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

/** `null` forgets the choice. */
export function writePref(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // kept for this page only
  }
}
