/** Random ids for records. Not secrets: the server makes secrets with node:crypto. */

export type NoteId = string & { readonly __brand: 'NoteId' }
export type GroupId = string & { readonly __brand: 'GroupId' }
export type ParticipantId = string & { readonly __brand: 'ParticipantId' }

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** A 16-character id from crypto.getRandomValues (available in browsers and Node ≥ 19). */
export function randomId(length = 16): string {
  const bytes = new Uint8Array(length)
  globalThis.crypto.getRandomValues(bytes)
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length]
  return id
}

export const newNoteId = (): NoteId => `n_${randomId()}` as NoteId
export const newGroupId = (): GroupId => `g_${randomId()}` as GroupId
