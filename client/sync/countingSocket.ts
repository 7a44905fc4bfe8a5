/**
 * The browser's WebSocket, counting the document updates it sends (sync step 2 and update messages):
 * the server's Ack says how many of them it has taken, so a tablet knows when everything it sent is on
 * the disk — its deletes too, which an Ack's state vector cannot show.
 */
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'
import { takeEarlySocket } from './earlySocket.ts'

export interface CountingSocket extends WebSocket {
  /** Sync step 2 and update messages sent on this socket. */
  readonly updatesSent: number
}

/** A y-websocket message that carries a document update (both varUints fit in their first byte). */
export const isUpdateMessage = (message: Uint8Array): boolean =>
  message[0] === MessageType.Sync && (message[1] === SyncMessageType.Step2 || message[1] === SyncMessageType.Update)

/**
 * The "class" for the provider's `WebSocketPolyfill`: the browser's socket — the one the page opened before
 * the app started if it was for this address (earlySocket.ts), else a new one — with its sends counted.
 */
export function countingWebSocket(): typeof WebSocket {
  function CountingWebSocket(url: string, protocols?: string | string[]): CountingSocket {
    return countSends(takeEarlySocket(url) ?? new WebSocket(url, protocols))
  }
  return CountingWebSocket as unknown as typeof WebSocket
}

function countSends(socket: WebSocket): CountingSocket {
  const counted = Object.assign(socket, { updatesSent: 0 })
  const send = socket.send.bind(socket)
  counted.send = (data) => {
    // The provider sends encoder output (Uint8Array); only a message that goes out is counted.
    send(data)
    if (data instanceof Uint8Array && isUpdateMessage(data)) counted.updatesSent++
  }
  return counted
}
