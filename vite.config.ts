import { defineConfig, type Plugin, type ResolvedConfig } from 'vite'
import react from '@vitejs/plugin-react'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const serverPort = Number(process.env.PORT || 8080)

/**
 * The service worker (client/sw/worker.ts), built as /sw.js at the site root (its scope is where it is
 * served from: the whole app). Once the build is written, the files it holds are listed into the worker,
 * with a version that is a hash of their contents: the worker then fetches them all when it installs, so
 * that a tablet that opened the app once opens it again without the laptop, and every new build is a
 * changed worker, which the browser installs in the old one's place. Listing what the build wrote (rather
 * than keeping whatever the worker sees fetched) covers the first visit too, whose files were fetched
 * before the worker existed.
 */
function serviceWorker(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'yoriai-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.resolve(import.meta.dirname, 'client/sw/worker.ts'), fileName: 'sw.js' })
    },
    closeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir)
      const worker = path.join(outDir, 'sw.js')
      if (!fs.existsSync(worker)) return
      const files = fs
        .readdirSync(outDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => '/' + path.relative(outDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .filter((file) => file !== '/sw.js' && file !== '/index.html')
        .sort()
      const hash = crypto.createHash('sha256')
      for (const file of [...files, '/index.html']) hash.update(file).update(fs.readFileSync(path.join(outDir, file)))
      const build = { version: hash.digest('hex').slice(0, 16), files }
      fs.writeFileSync(worker, `const YORIAI_BUILD = ${JSON.stringify(build)};\n${fs.readFileSync(worker, 'utf8')}`)
    },
  }
}

export default defineConfig({
  root: 'client',
  plugins: [react(), earlyScript(), serviceWorker()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No inline scripts or data: modules, so the strict Content-Security-Policy holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2020',
    // V8's explicit compile hint (Chrome 136+; other browsers read a comment): the first script and the
    // chunks it imports (React among them) are compiled whole on a background thread while they stream in,
    // instead of function by function on the main thread as each is first called (most of it runs while a
    // tablet opens its board; bench B5); the pages loaded later are not. After minifying, which would drop
    // the comment. Not the service worker (sw.js), which no page loads as a script.
    rollupOptions: {
      input: { index: path.resolve(import.meta.dirname, 'client/index.html'), early: path.resolve(import.meta.dirname, 'client/early.ts') },
      output: { postBanner: (chunk) => (chunk.isDynamicEntry || chunk.fileName === 'sw.js' ? '' : '//# allFunctionsCalledOnLoad') },
    },
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/ws': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
})

/**
 * client/early.ts opens a tablet's board socket before the app's script has run (client/sync/earlySocket.ts).
 * Vite makes every module script of a page one entry, so it is an entry of its own, and its script goes
 * first in the page: module scripts run in the page's order, each as soon as what it imports has come, so
 * this small one runs while the app's large one is still being compiled.
 */
function earlyScript(): Plugin {
  return {
    name: 'yoriai-early-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const built = ctx.bundle && Object.values(ctx.bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'early')
        if (ctx.bundle && !built) throw new Error('the early script (client/early.ts) was not built')
        const src = built ? `/${built.fileName}` : '/early.ts'
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src }, injectTo: 'head-prepend' }]
      },
    },
  }
}
