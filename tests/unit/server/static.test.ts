import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { startServer, tempDir, type TestServer } from '../../helpers/server.ts'

describe('the built client as the server serves it', () => {
  let t: TestServer
  beforeAll(async () => {
    const clientDir = tempDir('yoriai-client-')
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>よりあい</title>')
    fs.writeFileSync(path.join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {})\n')
    t = await startServer({ clientDir })
  })
  afterAll(() => t.close())

  it('serves the service worker from the site root as JavaScript, asked again on every visit, and lets only the app’s own scripts run as workers', async () => {
    const res = await fetch(`${t.http}/sw.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    // A worker kept by the browser's cache would keep the old app after a new build is deployed on the laptop.
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(await res.text()).toContain('addEventListener')
    for (const path of ['/sw.js', '/s/abc/p']) {
      const policy = (await fetch(`${t.http}${path}`)).headers.get('content-security-policy') ?? ''
      expect(policy, path).toContain("worker-src 'self'")
      expect(policy, path).toContain("script-src 'self'")
    }
  })
})
