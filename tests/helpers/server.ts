/** Test helpers: the real server on port 0 with a real SQLite file in a temporary folder. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createServer, type ServerOptions, type YoriaiServer } from '../../server/app.ts'
import { testConfig, type ServerConfig } from '../../server/config.ts'
import type { CreatedSession, JoinResult } from '../../shared/session.ts'

export interface TestServer {
  server: YoriaiServer
  port: number
  http: string
  ws: string
  dataDir: string
  close(): Promise<void>
}

export function tempDir(prefix = 'yoriai-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function startServer(overrides: Partial<ServerConfig> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDir()
  const server = createServer(testConfig({ ...overrides, dataDir }), options)
  const port = await server.listen()
  return {
    server,
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/ws`,
    dataDir,
    close: () => server.close(),
  }
}

export async function postJson(base: string, pathname: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers }
}

export async function createSession(base: string, input: Record<string, unknown> = {}): Promise<CreatedSession> {
  const { status, body } = await postJson(base, '/api/sessions', { title: 'テスト懇談会', kind: 'kondankai', ...input })
  if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`)
  return body as unknown as CreatedSession
}

export async function join(base: string, code: string, name?: string): Promise<JoinResult> {
  const { status, body } = await postJson(base, '/api/join', { code, ...(name ? { name } : {}) })
  if (status !== 200) throw new Error(`join failed: ${status} ${JSON.stringify(body)}`)
  return body as unknown as JoinResult
}

export const projectorToken = (session: CreatedSession): string => new URL(session.urls.projector).hash.replace('#token=', '')

/** Polls until `check` returns true; fails with `what` after `timeoutMs`. Not a timing assertion. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
