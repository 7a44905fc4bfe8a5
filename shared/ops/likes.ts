/**
 * いいね during ギャラリーウォーク: one per person per note, stored as `{noteId}:{participantId}` keys so
 * the server can see whose each one is, and two people liking at once both count.
 */
import type * as Y from 'yjs'

export const LIKES_KEY = 'likes'
const likesMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(LIKES_KEY)
export const likeKey = (noteId: string, participantId: string): string => `${noteId}:${participantId}`

export function toggleLike(doc: Y.Doc, noteId: string, participantId: string, origin: unknown = null): boolean {
  const key = likeKey(noteId, participantId)
  const liked = likesMap(doc).has(key)
  doc.transact(() => (liked ? likesMap(doc).delete(key) : likesMap(doc).set(key, true)), origin)
  return !liked
}

/** Who liked each note (participant ids). */
export function readLikes(doc: Y.Doc): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const key of likesMap(doc).keys()) {
    const cut = key.lastIndexOf(':')
    if (cut <= 0) continue
    const noteId = key.slice(0, cut)
    ;(out[noteId] ??= []).push(key.slice(cut + 1))
  }
  return out
}
