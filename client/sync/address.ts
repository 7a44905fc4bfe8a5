/**
 * Where a document's socket goes and what its address asks for. The app's provider and the small script
 * that opens a tablet's board socket before the app (earlySocket.ts) build it alike, so the app knows the
 * early socket for its own.
 */
import { encodeQueryParams } from 'lib0/url'
import type { DocKind } from '../../shared/protocol.ts'

export const socketServerUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`

/** `{sessionId}/{kind}`, or `{sessionId}/{kind}/{owner}` for the facilitator opening someone's private document. */
export const roomOf = (sessionId: string, kind: DocKind, owner?: string): string => (owner ? `${sessionId}/${kind}/${owner}` : `${sessionId}/${kind}`)

/** The browser inflates natively (DecompressionStream 'deflate-raw': Chromium 103, Safari 16.4, Node 18). */
export const canInflate = (): boolean => {
  try {
    return typeof DecompressionStream !== 'undefined' && !!new DecompressionStream('deflate-raw')
  } catch {
    return false
  }
}

/**
 * ack: the server's Ack messages (未送信 marks), for a device that keeps a copy; deflate: a large first sync
 * comes deflated, in Yjs's V2 encoding; preview: a plain copy of a large board first, while this device
 * has nothing of it (preview.ts).
 */
export function socketParams(token: string, kind: DocKind, persist: boolean): Record<string, string> {
  return { token, ...(persist ? { ack: '1' } : {}), ...(canInflate() ? { deflate: '2', ...(persist && kind === 'board' ? { preview: '1' } : {}) } : {}) }
}

/** As the stock provider spells it (y-websocket's `url`), with `fresh=1` for a document that is still empty. */
export function socketUrl(room: string, params: Record<string, string>, fresh: boolean): string {
  const query = encodeQueryParams(params)
  const url = `${socketServerUrl()}/${room}${query ? `?${query}` : ''}`
  return fresh ? withFresh(url) : url
}

export const withFresh = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}fresh=1`
