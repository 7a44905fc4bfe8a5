/** Builds the client when stale and starts the real server (port 0, a fresh SQLite file) for the run. */
import { build } from 'vite'
import fs from 'node:fs'
import path from 'node:path'
import { createServer } from '../../server/app.ts'
import { testConfig } from '../../server/config.ts'
import { tempDir } from '../helpers/server.ts'

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '../..')
  const clientDir = path.join(root, 'dist/client')
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' })
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) throw new Error('client build missing')
  const server = createServer(testConfig({ dataDir: tempDir('yoriai-e2e-'), clientDir }))
  const port = await server.listen()
  process.env.YORIAI_URL = `http://127.0.0.1:${port}`
  return () => server.close()
}
