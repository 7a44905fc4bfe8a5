/** Small helpers for the plain node:http API: JSON in and out, Japanese error bodies, headers. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { translate, type MessageKey } from '../../shared/i18n/index.ts'

export const MAX_JSON_BODY = 64 * 1024

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params?: Record<string, string | number>,
    readonly headers: Record<string, string> = {},
  ) {
    super(code)
  }
}

/**
 * Headers on every response. The client is built with no inline script or style, so the policy can
 * be strict; 'self' covers the same-origin ws: and wss: URLs in connect-src, and worker-src lets the
 * app's own service worker (/sw.js) run and nothing else.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/** The body of an error answer: a machine code, a Japanese message and the English one. */
export function errorBody(code: string, key: MessageKey, params?: Record<string, string | number>) {
  return { error: code, message: translate('ja', key, params), messageEn: translate('en', key, params) }
}

/** A file to download: the name in ASCII for old clients and in UTF-8 (RFC 5987) for the Japanese title. */
export function sendFile(res: ServerResponse, body: Buffer | string, contentType: string, filename: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Cache-Control': 'no-store',
  })
  res.end(bytes)
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, errorBody(error.code, error.messageKey, error.params), error.headers)
}

export async function readJson(req: IncomingMessage, maxBytes = MAX_JSON_BODY): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'json-required', 'error.badRequest')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new HttpError(413, 'too-large', 'error.tooLarge')
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new HttpError(400, 'bad-json', 'error.badRequest')
  }
}

/** The client's address for throttling (the socket's own; proxies are not trusted). */
export const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown'
