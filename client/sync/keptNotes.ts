/**
 * Notes a tablet wrote that the server will never take as they are, kept on the device (localStorage)
 * for the resident to read and post again: written for a table the facilitator has since moved them
 * from (server/policy.ts holds a participant to their own table, and a Yjs change cannot be taken back,
 * so the tablet starts again from the server's board and keeps these aside).
 */
import { validateNote, type Note } from '../../shared/schema.ts'

const keptKey = (sessionId: string): string => `yoriai:kept:${sessionId}`

/** The notes kept for this session, oldest first (an unreadable entry is skipped). */
export function readKept(sessionId: string): Note[] {
  try {
    const raw = localStorage.getItem(keptKey(sessionId))
    const list = raw ? (JSON.parse(raw) as unknown) : []
    if (!Array.isArray(list)) return []
    return list.flatMap((value) => {
      const checked = validateNote(value)
      return checked.ok ? [checked.value] : []
    })
  } catch {
    return []
  }
}

/**
 * Adds notes to the kept ones (one per id: a later copy of the same note replaces the earlier). False when
 * the device could not store them: the caller must then not throw away the copy they came from.
 */
export function keepNotes(sessionId: string, notes: readonly Note[]): boolean {
  if (notes.length === 0) return true
  const byId = new Map(readKept(sessionId).map((n) => [n.id, n]))
  for (const note of notes) byId.set(note.id, note)
  return writeKept(sessionId, [...byId.values()])
}

/** The resident posted the note again, or threw it away. */
export function forgetKept(sessionId: string, id: string): void {
  writeKept(
    sessionId,
    readKept(sessionId).filter((n) => n.id !== id),
  )
}

/** Leaving the tablet (a shared one): the next person must not find these. */
export function clearKept(sessionId: string): void {
  writeKept(sessionId, [])
}

function writeKept(sessionId: string, notes: Note[]): boolean {
  try {
    if (notes.length === 0) localStorage.removeItem(keptKey(sessionId))
    else localStorage.setItem(keptKey(sessionId), JSON.stringify(notes))
    return true
  } catch {
    return false
  }
}
