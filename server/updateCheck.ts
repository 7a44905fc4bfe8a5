/**
 * Checks a Yjs update from a client before it touches a room's document. The stock relay applies
 * whatever arrives; an update that is garbage, or that depends on structs the server has never seen,
 * would leave "pending" data in memory that is acknowledged but cannot be stored consistently.
 * Here such an update is refused: not applied, not stored, not relayed.
 */
import * as Y from 'yjs'

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/** A good update comes back decoded, so the rules that follow need not decode it again. */
export type UpdateCheck = { ok: true; decoded: DecodedUpdate } | { ok: false; reason: 'malformed' | 'missing-dependencies' | 'unsupported' }

/**
 * Decodes the update (a malformed one throws inside the decoder and is refused) and verifies that
 * every struct and deletion refers only to clocks the document already has or the update itself
 * brings, so applying it can never leave pending structs or pending deletions.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateCheck {
  let decoded: DecodedUpdate
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  /** For each client: the clock up to which it will be known once this update is applied. */
  const reach = new Map<number, number>()
  // Structs arrive grouped by client, in clock order within a client.
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id
    if (!Number.isSafeInteger(clock) || clock < 0 || !(struct.length > 0)) return { ok: false, reason: 'malformed' }
    if (struct instanceof Y.Skip) continue
    const before = known(doc, reach, client)
    if (clock > before) return { ok: false, reason: 'missing-dependencies' }
    reach.set(client, Math.max(before, clock + struct.length))
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (!isKnown(doc, reach, struct.origin) || !isKnown(doc, reach, struct.rightOrigin)) return { ok: false, reason: 'missing-dependencies' }
    const parent = struct.parent as unknown
    if (parent instanceof Y.ID && !isKnown(doc, reach, parent)) return { ok: false, reason: 'missing-dependencies' }
    // Sub-documents are not part of Yoriai's schema.
    if (struct.content instanceof Y.ContentDoc) return { ok: false, reason: 'unsupported' }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (!Number.isSafeInteger(range.clock) || !Number.isSafeInteger(range.len) || range.len <= 0) {
        return { ok: false, reason: 'malformed' }
      }
      if (range.clock + range.len > known(doc, reach, client)) return { ok: false, reason: 'missing-dependencies' }
    }
  }
  return { ok: true, decoded }
}

// Out here rather than made inside checkUpdate, which runs on every update (and under tsx every
// function made is named again).
const known = (doc: Y.Doc, reach: ReadonlyMap<number, number>, client: number): number => reach.get(client) ?? Y.getState(doc.store, client)
const isKnown = (doc: Y.Doc, reach: ReadonlyMap<number, number>, id: Y.ID | null): boolean => id === null || id.clock < known(doc, reach, id.client)

/** True when the document holds structs or deletions it could not integrate. */
export const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null
