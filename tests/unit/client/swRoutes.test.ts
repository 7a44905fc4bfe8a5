import { describe, expect, it } from 'vitest'
import { requestKind } from '../../../client/sw/routes.ts'

const origin = 'http://192.168.1.10:8080'
const precached = new Set(['/assets/index-abc123.js', '/favicon.svg'])
const kind = (path: string, options: { method?: string; mode?: string; origin?: string } = {}) =>
  requestKind({ method: options.method ?? 'GET', url: (options.origin ?? origin) + path, mode: options.mode ?? 'cors' }, origin, precached)

describe('requestKind: what the service worker answers from the device', () => {
  it('never answers the server’s API, its sockets or its health check, asked by a script or opened as a page', () => {
    for (const path of ['/api/sessions/abc', '/api/join/123456', '/api/sessions/abc/export.docx?token=x', '/api/sessions/abc/dots', '/api', '/ws/abc/board?token=t', '/healthz']) {
      expect(kind(path), path).toBe('network')
      expect(kind(path, { mode: 'navigate' }), `${path} as a page`).toBe('network')
    }
  })

  it('never answers a request that changes something, nor another origin', () => {
    expect(kind('/assets/index-abc123.js', { method: 'POST' })).toBe('network')
    expect(kind('/s/abc/p', { method: 'POST', mode: 'navigate' })).toBe('network')
    expect(kind('/assets/index-abc123.js', { origin: 'http://example.com' })).toBe('network')
  })

  it('opens every app route as a page: the server first, the kept page when it cannot be reached', () => {
    for (const path of ['/', '/j/123456', '/s/abc/p', '/s/abc/facilitator', '/s/abc/projector']) expect(kind(path, { mode: 'navigate' }), path).toBe('page')
  })

  it('answers the build’s files from the device, a newer build’s assets too', () => {
    expect(kind('/assets/index-abc123.js')).toBe('asset')
    expect(kind('/assets/Join-new456.js')).toBe('asset')
    expect(kind('/favicon.svg')).toBe('asset')
    // Not of the build: the worker itself (the browser checks it past any worker) and anything else.
    expect(kind('/sw.js')).toBe('network')
    expect(kind('/robots.txt')).toBe('network')
  })

  it('leaves an address it cannot read to the browser', () => {
    expect(requestKind({ method: 'GET', url: 'not a url', mode: 'cors' }, origin, precached)).toBe('network')
  })
})
