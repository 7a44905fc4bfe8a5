/** Server configuration from environment variables (documented in the README). */
import path from 'node:path'

export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  port: number
  /** Interface to bind; all interfaces by default so tablets on the hall's Wi-Fi can reach it. */
  host: string
  /** Folder holding the SQLite file. */
  dataDir: string
  /** Folder of the built client (vite build output). */
  clientDir: string
  /** Extra origins allowed to open WebSockets besides the server's own (comma separated). */
  allowedOrigins: string[]
  /** Base URL put into links and QR codes, e.g. http://192.168.1.10:8080 (auto-detected when empty). */
  publicUrl: string
  /** How long a room with no clients stays in memory (ms). */
  roomIdleMs: number
  /** Heartbeat interval (ms): sockets that miss one are dropped. */
  heartbeatMs: number
  /** A socket sent nothing for this long (ms) gets a message about no one (see wsServer.ts). */
  keepaliveMs: number
  /** Failed joins accepted per IP per minute. */
  joinFailuresPerMinute: number
  /** Write every update to SQLite before relaying it (off only for the storage-cost benchmark). */
  durable: boolean
  /** Compact a document's update log into a snapshot after this many updates. */
  compactAfter: number
  /** Print a line per HTTP request (path only, never the query string). */
  logRequests: boolean
}

const int = (value: string | undefined, fallback: number): number => {
  const n = value === undefined || value === '' ? NaN : Number(value)
  return Number.isInteger(n) && n >= 0 ? n : fallback
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  return {
    port: int(env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    clientDir: path.resolve(cwd, env.CLIENT_DIR || 'dist/client'),
    allowedOrigins: (env.ALLOWED_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    publicUrl: (env.PUBLIC_URL || '').replace(/\/+$/, ''),
    roomIdleMs: int(env.ROOM_IDLE_MS, 10_000),
    heartbeatMs: int(env.HEARTBEAT_MS, 30_000),
    keepaliveMs: int(env.KEEPALIVE_MS, 10_000),
    joinFailuresPerMinute: int(env.JOIN_FAILURES_PER_MINUTE, 10),
    durable: env.STORAGE !== 'off',
    compactAfter: int(env.COMPACT_AFTER, 500),
    logRequests: env.LOG_REQUESTS !== '0',
  }
}

export function testConfig(overrides: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  return { ...configFromEnv({}, process.cwd()), port: 0, host: '127.0.0.1', logRequests: false, ...overrides }
}
