/** Starts the server from environment variables and prints where tablets can reach it. */
import { configFromEnv } from './config.ts'
import { createServer } from './app.ts'
import { log, logError, setLogSink } from './log.ts'

const config = configFromEnv()
const server = createServer(config)

process.on('uncaughtException', (error) => logError('uncaught', error))
process.on('unhandledRejection', (error) => logError('unhandled rejection', error))
// Output that can no longer be written (the terminal closed, or the reader of a pipe gone, as with
// `npm start | head`): the server goes on without its log. Unhandled, each failed write was an uncaught
// error whose logging failed again — a loop that held a core at 100 % for as long as the server ran.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => setLogSink(() => {}))
}

const port = await server.listen()
const wildcard = config.host === '0.0.0.0' || config.host === '::'
const local = `http://${wildcard ? 'localhost' : config.host}:${port}`
// The address QR codes carry first (the facilitator's choice, else the likeliest Wi-Fi), then the others.
const { addresses, chosen } = server.lan.current()
const lan = wildcard
  ? [...addresses.filter((a) => a.address === chosen), ...addresses.filter((a) => a.address !== chosen)].map((a) => ({ url: `http://${a.address}:${port}`, iface: a.iface }))
  : []
// A machine-readable line for tests and scripts that start the server on port 0 and read its output
// through a pipe; a facilitator's terminal shows only the lines below.
if (!process.stdout.isTTY) process.stdout.write(`YORIAI_LISTENING port=${port}\n`)
const lines = [
  'よりあい（Yoriai）を起動しました',
  `  この端末で開く:             ${local}`,
  ...lan.map(({ url, iface }, i) => `${i === 0 ? '  会場のWi-Fiのタブレットから: ' : '                               '}${url}  (${iface})`),
  ...(wildcard && lan.length === 0 ? ['  会場のWi-Fiのタブレットから: （まだありません。このパソコンを会場のWi-Fiにつないでください）'] : []),
  `  セッションをはじめる:       ${config.publicUrl || lan[0]?.url || local}/`,
  `  データの保存先:             ${config.dataDir}`,
  '  止めるときは Ctrl+C',
]
process.stdout.write(lines.join('\n') + '\n')

// `kill -USR2 <pid>`: how many documents are in memory and how much memory the process holds, for an
// operator wondering about a long session (and for the memory test, which runs the server as a child).
process.on('SIGUSR2', () => {
  // Started with --expose-gc (the memory test does), garbage is collected first, so the figure is
  // what the server really holds rather than what V8 has not yet bothered to free.
  ;(globalThis as { gc?: () => void }).gc?.()
  const { rss, heapUsed } = process.memoryUsage()
  process.stdout.write(`YORIAI_STATS rooms=${server.rooms.size} rss=${rss} heapUsed=${heapUsed}\n`)
})

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log('shutting down')
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
