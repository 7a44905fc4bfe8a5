/** Addresses: the LAN URLs tablets can open, and the base URL put into links and QR codes. */
import os from 'node:os'
import type { IncomingMessage } from 'node:http'

export function lanAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) out.push(info.address)
    }
  }
  return out
}

const isLoopbackHost = (host: string): boolean =>
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host)

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === ''

/**
 * Links must work on a tablet: when the facilitator opened the page as localhost on a server bound to
 * every interface, the link uses the laptop's LAN address instead.
 */
export function publicBaseUrl(req: IncomingMessage, opts: { publicUrl: string; bindHost: string; port: number }): string {
  if (opts.publicUrl) return opts.publicUrl
  const host = req.headers.host ?? `127.0.0.1:${opts.port}`
  if (isLoopbackHost(host) && isWildcard(opts.bindHost)) {
    const lan = lanAddresses()[0]
    if (lan) return `http://${lan}:${opts.port}`
  }
  return `http://${host}`
}

/**
 * Same-origin check for WebSocket upgrades: the Origin's host must be the Host the request was sent
 * to, or one of the configured extra origins. Clients that send no Origin (not browsers) pass here
 * and are still held to their token.
 */
export function originAllowed(req: IncomingMessage, extra: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (extra.includes(origin)) return true
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === req.headers.host
  } catch {
    return false
  }
}
