/** The server as a child process, so a test can kill it with SIGKILL and start it again. */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export interface ChildServer {
  child: ChildProcess
  port: number
  http: string
  ws: string
  output: () => string
  kill(signal?: NodeJS.Signals): Promise<void>
}

const root = path.resolve(import.meta.dirname, '../..')

/** `nodeArgs` go before the script, for flags Node refuses in NODE_OPTIONS (e.g. --cpu-prof). */
export function startChildServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_REQUESTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString()
      const match = /YORIAI_LISTENING port=(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        const port = Number(match[1])
        resolve({
          child,
          port,
          http: `http://127.0.0.1:${port}`,
          ws: `ws://127.0.0.1:${port}/ws`,
          output: () => output,
          kill: (signal = 'SIGKILL') =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done()
              child.once('exit', () => done())
              child.kill(signal)
            }),
        })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
}
