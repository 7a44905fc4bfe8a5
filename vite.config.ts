import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

const serverPort = Number(process.env.PORT || 8080)

export default defineConfig({
  root: 'client',
  plugins: [react(), earlyScript()],
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
    // the comment.
    rollupOptions: {
      input: { index: fileURLToPath(new URL('client/index.html', import.meta.url)), early: fileURLToPath(new URL('client/early.ts', import.meta.url)) },
      output: { postBanner: (chunk) => (chunk.isDynamicEntry ? '' : '//# allFunctionsCalledOnLoad') },
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
