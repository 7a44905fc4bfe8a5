/**
 * The wire between tablets and the server: the standard y-websocket protocol
 * (sync + awareness), so the stock `y-websocket` client works against it.
 * One place for message types, close codes and the document names.
 */

/** Top-level message types of the y-websocket protocol. */
export const MessageType = {
  /** y-protocols/sync: step 1, step 2, update. */
  Sync: 0,
  /** y-protocols/awareness update. */
  Awareness: 1,
  /** y-protocols/auth (permission denied). */
  Auth: 2,
  /** Ask the other side to send its whole awareness state. */
  QueryAwareness: 3,
  /**
   * Ours, sent only to clients that ask with `ack=1`: the server's state vector once a client's updates
   * are on disk, then (varUint) how many document updates (sync step 2 and update messages) that socket
   * has sent which the server has taken: stored, or changing nothing. A tablet marks what is still
   * 未送信 from the first, and its deletes from the second (a delete adds nothing to a state vector).
   */
  Ack: 100,
  /**
   * Ours, sent only to clients that ask with `deflate=1`: sync step 2 whose update is deflated (raw
   * DEFLATE, RFC 1951), instead of a large plain one (a whole board on joining: about a fifth of the bytes
   * over the hall's Wi-Fi).
   */
  SyncStep2Deflated: 101,
  /**
   * Ours, sent only to clients that ask with `deflate=2`: as SyncStep2Deflated, but the update is in Yjs's
   * second encoding (Y.applyUpdateV2). For the bench's 1,000-note board: 40 KB deflated instead of 60, and
   * applied in Chromium (4× throttled) in about 95 ms instead of 120 (its strings are decoded as one).
   */
  SyncStep2DeflatedV2: 102,
  /**
   * Ours, sent only to a participant's board socket that asks with `preview=1` and has nothing yet, just
   * before a large whole board: the board as a participant sees it (BoardSnapshot without hidden notes), as
   * deflated JSON. A slow tablet draws it while Yjs applies the board itself, and takes no change on it
   * until then (bench B5: applying 1,000 notes took ~0.4 s of a 4× throttled page before anything showed).
   */
  BoardPreview: 103,
} as const

/** Updates smaller than this are sent as they are (deflating them saves little). */
export const DEFLATE_MIN_BYTES = 8 * 1024

/** Sub-types inside a Sync message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const

/**
 * The Yjs documents of a session. Trust is per document: the board (participants write), the control
 * document (the facilitator writes), and one private document per participant for 個人ワーク, which only
 * that participant and the facilitator can open.
 */
export const DOC_KINDS = ['board', 'control', 'private'] as const
export type DocKind = (typeof DOC_KINDS)[number]
export const isDocKind = (value: unknown): value is DocKind => value === 'board' || value === 'control' || value === 'private'

/** The name a document is stored and routed under: `{sessionId}/{kind}` or `{sessionId}/private/{participantId}`. */
export const docName = (sessionId: string, kind: DocKind, participantId?: string): string =>
  kind === 'private' ? `${sessionId}/private/${participantId ?? ''}` : `${sessionId}/${kind}`

/**
 * Close codes the server sends. 1000–1015 are the WebSocket standard ones (1002 protocol error,
 * 1007 invalid UTF-8, 1009 frame too big) that `ws` itself uses; ours live in 4000–4999.
 */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  GoingAway: 1001,
  /** The frame was larger than the server's maxPayload. */
  MessageTooBig: 1009,
  /** A message could not be decoded (not y-websocket, truncated, garbage). */
  BadMessage: 4400,
  /** The token is missing, wrong or revoked (sent only after the upgrade, e.g. on revocation). */
  Unauthorized: 4401,
  /** A participant's update that the rules refuse (another's note, a locked canvas …): nothing of it is applied. */
  Forbidden: 4403,
  /** A Yjs update that fails to apply or depends on data the server does not have. */
  UpdateRejected: 4422,
  /** The connection missed its heartbeat. */
  Timeout: 4408,
  /** The facilitator seated this participant at another table: reconnect, and read the session record again. */
  Reseated: 4409,
  /** The room was reloaded from storage; reconnect to resync. */
  RoomReloaded: 4503,
  /** The server could not store the update (disk full …); nothing was applied. */
  StorageFailed: 4507,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Close codes after which a client should not reconnect on its own. */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.Unauthorized])

/** Largest frame the server accepts (bytes). Larger frames close with 1009. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024

/** Roles of a connection, decided by the server from the token. */
export const ROLES = ['facilitator', 'participant', 'projector'] as const
export type Role = (typeof ROLES)[number]

/** Who may write which document. Projector is read-only everywhere. */
export const canWrite = (role: Role, kind: DocKind): boolean =>
  role === 'facilitator' || (role === 'participant' && (kind === 'board' || kind === 'private'))
