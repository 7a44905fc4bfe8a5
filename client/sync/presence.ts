/**
 * A tablet speaks only for itself. The stock y-websocket provider sends the server every presence change
 * it applies — its own, and everyone else's it has just received — so in a hall of N tablets each
 * person's cursor goes back over the Wi-Fi N − 1 times, to be refused by the server (rooms.ts lets a
 * client speak only for its own awareness ids). Here only this device's own presence, and its removal,
 * is sent; what others publish is still received and shown as before.
 */
import type { WebsocketProvider } from 'y-websocket'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MessageType } from '../../shared/protocol.ts'

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const awareness = provider.awareness
  awareness.off('update', provider._awarenessUpdateHandler)
  awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
    const own = awareness.clientID
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return
    if (!provider.wsconnected || !provider.ws) return // the provider sends the state again on connecting
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.Awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]))
    provider.ws.send(encoding.toUint8Array(encoder))
  })
}

/**
 * When the connection drops, the clocks of everyone else's presence are forgotten with their states
 * (the provider keeps them). Back on the server — the laptop's Wi-Fi back, or the server started
 * again, which knows no clocks — the others' presence comes with the clocks it had or lower, and
 * Awareness ignores a clock it has already seen: the laptop showed 参加者 0人 with every tablet
 * connected until each renewed its presence (up to 15 s; 25 s seen after a restart).
 */
export function forgetOthersOnDisconnect(provider: WebsocketProvider): void {
  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'disconnected') return
    const awareness = provider.awareness
    for (const id of [...awareness.meta.keys()]) if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id)
  })
}
