/**
 * Messages between the bench runner (tests/bench/run.ts) and its client worker processes
 * (tests/bench/worker.ts), and the clock both sides use.
 */

/**
 * Milliseconds on CLOCK_MONOTONIC (libuv's uv_hrtime). On Linux this clock is system-wide, so a
 * timestamp taken in one worker process can be compared with one taken in another process on the
 * same machine: a writer stamps the send time, a receiver in any worker stamps the arrival.
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6

/** One simulated tablet: a stock y-websocket client on the board document of `room`. */
export interface ClientSpec {
  id: string
  /** ws://127.0.0.1:PORT/ws for ours, ws://127.0.0.1:PORT for the stock relay. */
  wsBase: string
  /** Session id (ours) or any room name (relay); the client opens `${room}/board`. */
  room: string
  token: string
  /** Note ids whose `pos.x` carries a writer's sequence number; arrivals are recorded for these. */
  watch: string[]
  /** Moves `noteId` to {x: seq, y} at `hz` from start to stop. */
  writer?: { noteId: string; hz: number; y: number }
  /** Closed loop: keeps `window` moves of `noteId` in flight, acknowledged by client `ackBy` (same worker). */
  flood?: { noteId: string; window: number; ackBy: string }
  /** Publishes an awareness cursor at this rate while running. */
  cursorHz?: number
}

export type ToWorker =
  | { type: 'connect'; clients: ClientSpec[]; expectNotes: string[]; timeoutMs: number }
  | { type: 'start' }
  | { type: 'stop' }
    /** Counts sequence numbers above `from` (the warm-up) up to `finals`. */
  | { type: 'drain'; finals: Record<string, number>; sends: Record<string, number[]>; from: Record<string, number>; timeoutMs: number }
  | { type: 'moves'; mover: string; noteIds: string[]; total: number; dragLength: number; marker: string; watcher: string; timeoutMs: number }
  | { type: 'watchRestart' }
  | { type: 'awaitResync'; timeoutMs: number }
  | { type: 'coldLoad'; spec: ClientSpec; notes: number; timeoutMs: number }
  | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'started'; floodAcked: number }
  | { type: 'stopped'; finals: Record<string, number>; sends: Record<string, number[]>; floodAcked: number }
  | { type: 'drained'; latencies: Float64Array; expected: number; delivered: number; within1s: number }
  | { type: 'movesDone'; moves: number; updateBytes: number }
  | { type: 'watching' }
  | { type: 'resynced'; times: number[] }
  | { type: 'coldLoaded'; ms: number }
  | { type: 'closed' }
  | { type: 'error'; message: string }
