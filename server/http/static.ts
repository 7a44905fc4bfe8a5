/** Serves the built client (one process, one port, no CDN): hashed assets cached, pages not. */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from './util.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, clientDir: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' })
    res.end()
    return
  }
  const root = path.resolve(clientDir)
  let file = path.resolve(root, '.' + decodeSafe(pathname))
  if (!file.startsWith(root + path.sep) && file !== root) file = path.join(root, 'index.html')
  let stat = statOrNull(file)
  // Client-side routes (/j/123456, /s/…/facilitator) get the app's page.
  if (!stat || stat.isDirectory()) {
    if (path.extname(pathname) && !pathname.endsWith('.html')) return notFound(res)
    file = path.join(root, 'index.html')
    stat = statOrNull(file)
    if (!stat) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('画面がまだ用意されていません（クライアント未ビルド）。`npm start` で起動してください。\n')
      return
    }
  }
  // Only the content-hashed assets are kept by browsers; pages and the service worker (/sw.js) are asked
  // again each time, so a new build deployed on the laptop reaches a tablet on its next visit (a worker
  // kept stale would keep the old app).
  const immutable = file.includes(`${path.sep}assets${path.sep}`)
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (req.method === 'HEAD') res.end()
  else fs.createReadStream(file).pipe(res)
}

function decodeSafe(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return '/'
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file)
  } catch {
    return null
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('見つかりません\n')
}
