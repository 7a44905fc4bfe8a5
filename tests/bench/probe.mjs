// Preloaded into a server child by the bench (NODE_OPTIONS=--import=…/probe.mjs) to read its heap from
// outside: on SIGUSR2 it runs a full GC and prints `BENCH_MEM {json}` on stdout. Plain JS because it
// loads before tsx. Touches nothing in the server.
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')
process.on('SIGUSR2', () => {
  gc()
  gc()
  const m = process.memoryUsage()
  process.stdout.write(`BENCH_MEM ${JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers })}\n`)
})
