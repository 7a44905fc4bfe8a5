/**
 * Secrets on this device. Links carry them in the URL fragment (never sent to a server or a Referer);
 * the page moves them into localStorage and takes them out of the address bar, which the projector
 * and a mirrored laptop screen would otherwise show to the hall.
 */
import type { Role } from '../shared/protocol.ts'
import { forgetRecord } from './sync/keptRecord.ts'

export interface StoredCredential {
  token: string
  participantId?: string
  name?: string
}

const key = (role: Role, sessionId: string) => `yoriai:${role}:${sessionId}`

export function saveCredential(role: Role, sessionId: string, credential: StoredCredential): void {
  try {
    localStorage.setItem(key(role, sessionId), JSON.stringify(credential))
  } catch {
    // storage unavailable: the page still works until it is reloaded
  }
}

export function loadCredential(role: Role, sessionId: string): StoredCredential | undefined {
  try {
    const raw = localStorage.getItem(key(role, sessionId))
    const parsed = raw ? (JSON.parse(raw) as unknown) : undefined
    if (parsed && typeof parsed === 'object' && typeof (parsed as StoredCredential).token === 'string') return parsed as StoredCredential
  } catch {
    // corrupt entry: treat as absent
  }
  return undefined
}

/** Every session this device holds a credential of the role for (a tablet rarely holds more than one or two). */
export function storedCredentials(role: Role): Array<{ sessionId: string; credential: StoredCredential }> {
  const prefix = `yoriai:${role}:`
  const out: Array<{ sessionId: string; credential: StoredCredential }> = []
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i)
      if (!name?.startsWith(prefix)) continue
      const sessionId = name.slice(prefix.length)
      const credential = loadCredential(role, sessionId)
      if (credential) out.push({ sessionId, credential })
    }
  } catch {
    // storage unavailable: nothing stored
  }
  return out
}

export function forgetCredential(role: Role, sessionId: string): void {
  // The session record kept with it (a tablet's, to open its board without the laptop) goes too.
  if (role === 'participant') forgetRecord(sessionId)
  try {
    localStorage.removeItem(key(role, sessionId))
  } catch {
    // nothing to forget
  }
}

/** Reads `#key=…` or `#token=…`, stores it, and removes the fragment from the address bar. */
export function takeFragmentSecret(role: Role, sessionId: string, param: 'key' | 'token'): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1))
  const fromHash = params.get(param)
  if (fromHash) {
    saveCredential(role, sessionId, { token: fromHash })
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return loadCredential(role, sessionId)?.token
}
