/**
 * The browser's WebSocket, counting the document updates it sends (sync step 2 and update messages):
 * the server's Ack says how many of them it has taken, so a tablet knows when everything it sent is on
 * the disk — its deletes too, which an Ack's state vector cannot show.
 */
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

export interface CountingSocket extends WebSocket {
  /** Sync step 2 and update messages sent on this socket. */
  readonly updatesSent: number
}

/** A y-websocket message that carries a document update (both varUints fit in their first byte). */
export const isUpdateMessage = (message: Uint8Array): boolean =>
  message[0] === MessageType.Sync && (message[1] === SyncMessageType.Step2 || message[1] === SyncMessageType.Update)

let counting: typeof WebSocket | null = null

/** The class for the provider's `WebSocketPolyfill` (made on first use: Node has no WebSocket to extend everywhere). */
export function countingWebSocket(): typeof WebSocket {
  counting ??= class extends WebSocket implements CountingSocket {
    updatesSent = 0
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      // The provider sends encoder output (Uint8Array); only a message that goes out is counted.
      super.send(data)
      if (data instanceof Uint8Array && isUpdateMessage(data)) this.updatesSent++
    }
  }
  return counting
}
