/**
 * Limits per session. Each gives a clear Japanese message where it is hit (the composer, the join page,
 * the tablet's banner after a refusal); nothing is dropped silently.
 */
export const LIMITS = {
  /** Notes on one board (all tables and canvases). */
  notesPerSession: 3000,
  /** Participants who may join one session. */
  participantsPerSession: 200,
  /** Stored size of one document before participants' writes are refused (bytes). */
  documentBytes: 16 * 1024 * 1024,
} as const
