import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const serverPort = Number(process.env.PORT || 8080)

export default defineConfig({
  root: 'client',
  plugins: [react()],
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
    rollupOptions: { output: { postBanner: (chunk) => (chunk.isDynamicEntry ? '' : '//# allFunctionsCalledOnLoad') } },
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/ws': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
})
