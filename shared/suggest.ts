/**
 * The wire shapes of grouping suggestions (似ている付箋). The analysis itself runs on the server only
 * (server/suggest/); the tablet sends ids, never a dictionary.
 */

/** At most this many notes per request. */
export const SUGGEST_MAX_NOTES = 1000
/** At most this many dismissed signatures per request (older ones are dropped by the client first). */
export const SUGGEST_MAX_DISMISSED = 500

/** A proposed group: nothing is grouped until a person accepts it. */
export interface SuggestedGroup {
  /** The suggested 表札; people edit it before or after accepting. */
  title: string
  noteIds: string[]
  /**
   * Names exactly this set of notes. A dismissed proposal's signature sent back with the next request
   * keeps it from coming back unchanged; with one note more or less it is a new proposal.
   */
  signature: string
}

export interface SuggestAnswer {
  groups: SuggestedGroup[]
}

/** Notes and groups most like a note being dragged, best first (scores 0–1). */
export interface SimilarAnswer {
  notes: Array<{ id: string; score: number }>
  groups: Array<{ id: string; score: number }>
}
