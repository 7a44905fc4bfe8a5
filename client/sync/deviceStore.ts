/**
 * What a tablet keeps in localStorage about a document it syncs (what the server has confirmed, the Yjs
 * client ids it wrote with, its unconfirmed deletes): small, read before anything else on a page load.
 * Storage may be full or unavailable (a private window): reads then give nothing, writes are dropped.
 */

/** The key its records are kept under, for a document's room (`{sessionId}/{kind}[/{owner}]`). */
export const storedKeyOf = (room: string): string => `yoriai:stored:${room}`

/**
 * What this device kept of a document: the server's state last confirmed, the Yjs client ids it wrote with,
 * and whether it has opened the document before (then it has a copy of its own, which goes first).
 */
export function readKept(storedKey: string): { stored: Map<number, number>; mine: number[]; opened: boolean } {
  const stored = readStored(storedKey)
  const mine = readIds(`${storedKey}:mine`)
  return { stored, mine, opened: mine.length > 0 || stored.size > 0 }
}

export function readStored(key: string): Map<number, number> {
  try {
    const raw = localStorage.getItem(key)
    return raw ? new Map(JSON.parse(raw) as Array<[number, number]>) : new Map()
  } catch {
    return new Map()
  }
}

export function writeStored(key: string, stored: Map<number, number>): void {
  try {
    localStorage.setItem(key, JSON.stringify([...stored]))
  } catch {
    // storage full or unavailable: the marks come back with the next acknowledgement
  }
}

export function readIds(key: string): number[] {
  try {
    const raw = localStorage.getItem(key)
    const ids = raw ? (JSON.parse(raw) as unknown) : []
    return Array.isArray(ids) ? ids.filter((n): n is number => typeof n === 'number').slice(-50) : []
  } catch {
    return []
  }
}

export function writeIds(key: string, ids: Set<number>): void {
  try {
    localStorage.setItem(key, JSON.stringify([...ids].slice(-50)))
  } catch {
    // unavailable: only this page's own notes are marked
  }
}

export function readStrings(key: string): string[] {
  try {
    const raw = localStorage.getItem(key)
    const list = raw ? (JSON.parse(raw) as unknown) : []
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

export function writeStrings(key: string, list: Set<string>): void {
  try {
    if (list.size === 0) localStorage.removeItem(key)
    else localStorage.setItem(key, JSON.stringify([...list]))
  } catch {
    // unavailable: the marks last as long as the page
  }
}
