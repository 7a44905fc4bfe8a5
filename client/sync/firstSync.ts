/**
 * How a client takes the server's first answer (the whole board on joining), so that a slow tablet draws
 * it sooner (bench B5). No DOM here: the tablet's DocConnection and the Node tests use it alike.
 */
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

/** The browser inflates natively (DecompressionStream 'deflate-raw': Chromium 103, Safari 16.4, Node 18). */
export const canInflate = (): boolean => {
  try {
    return typeof DecompressionStream !== 'undefined' && !!new DecompressionStream('deflate-raw')
  } catch {
    return false
  }
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

type Handler = WebsocketProvider['messageHandlers'][number]

/**
 * Takes MessageType.SyncStep2Deflated (asked for with the `deflate=1` parameter, where canInflate()):
 * inflated by the browser, off the script's hands (a script inflater took 100 ms of a throttled tablet's
 * join; bench B5), then handled as the sync step 2 it stands for, by the provider's own sync handler.
 * Messages that come meanwhile wait and are handled after it, in the order they came. Should inflating
 * fail, the provider connects again without asking for it.
 */
export function takeDeflatedSync(provider: WebsocketProvider): void {
  const handlers = provider.messageHandlers
  handlers[MessageType.SyncStep2Deflated] = (_encoder, decoder, _provider, emitSynced) => {
    const deflated = decoding.readVarUint8Array(decoder)
    const own: Handler[] = handlers.slice()
    const held: Array<{ type: number; rest: Uint8Array; emitSynced: boolean }> = []
    handlers.forEach((_handle, type) => {
      handlers[type] = (_e, d, _p, emit) => void held.push({ type, rest: d.arr.subarray(d.pos), emitSynced: emit })
    })
    const handle = (type: number, rest: Uint8Array, emit: boolean): void => {
      const answer = encoding.createEncoder()
      handlers[type]?.(answer, decoding.createDecoder(rest), provider, emit, type)
      if (encoding.length(answer) > 1 && provider.wsconnected) provider.ws?.send(encoding.toUint8Array(answer))
    }
    const resume = (update: Uint8Array | null): void => {
      own.forEach((h, type) => (handlers[type] = h))
      if (update) {
        const step2 = encoding.createEncoder()
        encoding.writeVarUint(step2, SyncMessageType.Step2)
        encoding.writeVarUint8Array(step2, update)
        handle(MessageType.Sync, encoding.toUint8Array(step2), emitSynced)
      }
      // Through the handlers as they are then: another deflated answer among them holds the rest again.
      for (const m of held) handle(m.type, m.rest, m.emitSynced)
    }
    inflateRaw(deflated).then(resume, (error: unknown) => {
      console.error('yoriai: the board could not be inflated; connecting again without deflate', error)
      delete provider.params.deflate
      resume(null)
      provider.ws?.close()
    })
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
