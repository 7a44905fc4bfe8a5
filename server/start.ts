/**
 * `npm start`: builds the client when it is missing or older than its sources, then runs the server.
 * One command on the facilitator's laptop, no separate build step to forget.
 */
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { configFromEnv } from './config.ts'

const root = process.cwd()
const config = configFromEnv()

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

function clientIsStale(): boolean {
  const index = path.join(config.clientDir, 'index.html')
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  const sources = Math.max(
    newestMtime(path.join(root, 'client')),
    newestMtime(path.join(root, 'shared')),
    fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  )
  return sources > built
}

if (clientIsStale()) {
  process.stdout.write('画面をビルドしています（初回のみ少し時間がかかります）…\n')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
  })
  if (result.status !== 0) {
    process.stderr.write('クライアントのビルドに失敗しました。\n')
    process.exit(result.status ?? 1)
  }
}

await import('./main.ts')
