/**
 * How a client takes the server's first answer (the whole board on joining), so that a slow tablet draws
 * it sooner (bench B5). No DOM here: the tablet's DocConnection and the Node tests use it alike.
 */
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { inflateSync } from 'fflate'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

/**
 * Takes MessageType.SyncStep2Deflated (asked for with the `deflate=1` parameter): inflated, it is handled
 * as the sync step 2 it stands for, by the provider's own sync handler.
 */
export function takeDeflatedSync(provider: WebsocketProvider): void {
  provider.messageHandlers[MessageType.SyncStep2Deflated] = (encoder, decoder, _provider, emitSynced) => {
    const update = inflateSync(decoding.readVarUint8Array(decoder))
    const step2 = encoding.createEncoder()
    encoding.writeVarUint(step2, SyncMessageType.Step2)
    encoding.writeVarUint8Array(step2, update)
    provider.messageHandlers[MessageType.Sync]!(encoder, decoding.createDecoder(encoding.toUint8Array(step2)), provider, emitSynced, MessageType.Sync)
  }
}

/**
 * The server's first answer (sync step 2: the whole board on a first visit) is applied with nothing
 * listening for 'update' while the document keeps no copy on the device: then Yjs does not encode the
 * update a second time for listeners (a quarter to a third of applying a 1,000-note board on a slow tablet;
 * bench B5), and the listener that stays away, the provider's own, would send nothing back for what came
 * from the server anyway. Should anything write to the document meanwhile (nothing does: the trash keeper
 * waits for a microtask), the listeners are back before that change is made, so it is sent as usual.
 */
export function applyFirstSyncQuietly(provider: WebsocketProvider, quiet: () => boolean): void {
  const doc = provider.doc
  const handle = provider.messageHandlers[MessageType.Sync]!
  provider.messageHandlers[MessageType.Sync] = (...args) => {
    if (provider.synced || !quiet()) return handle(...args)
    const listeners = doc._observers.get('update')
    doc._observers.delete('update')
    let restored = false
    const restore = (): void => {
      if (restored) return
      restored = true
      doc.off('beforeTransaction', onLocal)
      if (!listeners) return
      const added = doc._observers.get('update')
      doc._observers.set('update', added ? new Set([...listeners, ...added]) : listeners)
    }
    const onLocal = (tr: Y.Transaction): void => {
      if (tr.origin !== provider) restore()
    }
    doc.on('beforeTransaction', onLocal)
    try {
      handle(...args)
    } finally {
      restore()
    }
  }
}
