/** client/api.ts downloadExport: a file whose connection drops halfway through fails in the page's words. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, downloadExport } from '../../../client/api.ts'
import { ja } from '../../../shared/i18n/ja.ts'

describe('downloadExport', () => {
  let server: http.Server | null = null
  afterEach(async () => {
    vi.unstubAllGlobals()
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = null
  })

  it('says the connection was lost, in Japanese, when the file stops halfway', async () => {
    // A real socket that sends the headers and half of the promised bytes, then is cut.
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '200000' })
      res.write(Buffer.alloc(100_000, 1), () => res.socket?.destroy())
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // The page's fetch takes paths of its own origin; here the origin is the server above.
    const realFetch = globalThis.fetch
    vi.stubGlobal('fetch', (path: string, init?: RequestInit) => realFetch(base + path, init))
    const progress: number[] = []
    const failed = await downloadExport('s1', 'key', 'export.docx', (n) => progress.push(n)).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(ApiError)
    expect((failed as ApiError).code).toBe('network')
    expect((failed as ApiError).message).toBe(ja['error.network'])
    expect(progress.length).toBeGreaterThan(0)
  })
})
