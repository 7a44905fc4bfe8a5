/**
 * How a client takes the server's first answer (the whole board on joining), so that a slow tablet draws
 * it sooner (bench B5). No DOM here: the tablet's DocConnection and the Node tests use it alike.
 */
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

/**
 * Written straight into the stream: not through a Blob, whose stream is read back from the browser's own
 * process (a 4× throttled page inflated 300 KB in 30–40 ms this way, 50–80 ms through a Blob).
 */
export async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const inflater = new DecompressionStream('deflate-raw')
  const writer = inflater.writable.getWriter()
  // Their failures are the reading's: a corrupt stream rejects arrayBuffer() below.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined)
  writer.close().catch(() => undefined)
  return new Uint8Array(await new Response(inflater.readable).arrayBuffer())
}

type Handler = WebsocketProvider['messageHandlers'][number]

/**
 * Takes MessageType.SyncStep2Deflated and SyncStep2DeflatedV2 (asked for with `deflate=1` or `deflate=2`,
 * where canInflate()): inflated by the browser, off the script's hands (a script inflater took 100 ms of a
 * throttled tablet's join; bench B5), then applied as the sync step 2 it stands for: a V1 update by the
 * provider's own sync handler, a V2 update here (`quiet()`: as applyFirstSyncQuietly does). Messages that
 * come meanwhile wait and are handled after it, in the order they came. Should inflating or applying fail,
 * the provider connects again without asking for it. `before`: what the apply waits for once inflated (a
 * plain copy of the board being drawn first; preview.ts), the messages after it still held.
 */
export function takeDeflatedSync(provider: WebsocketProvider, quiet: () => boolean = () => false, before: () => Promise<void> | undefined = () => undefined): void {
  const handlers = provider.messageHandlers
  const take =
    (v2: boolean): Handler =>
    (_encoder, decoder, _provider, emitSynced) => {
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
      const apply = (update: Uint8Array): void => {
        if (v2) {
          const whole = (): void => Y.applyUpdateV2(provider.doc, update, provider)
          if (!provider.synced && quiet()) withoutUpdateListeners(provider, whole)
          else whole()
          if (emitSynced && !provider.synced) provider.synced = true
          return
        }
        const step2 = encoding.createEncoder()
        encoding.writeVarUint(step2, SyncMessageType.Step2)
        encoding.writeVarUint8Array(step2, update)
        handle(MessageType.Sync, encoding.toUint8Array(step2), emitSynced)
      }
      const resume = (update: Uint8Array | null): void => {
        own.forEach((h, type) => (handlers[type] = h))
        let failed: unknown = null
        if (update) {
          try {
            apply(update)
          } catch (error) {
            failed = error
          }
        }
        // Through the handlers as they are then: another deflated answer among them holds the rest again.
        for (const m of held) handle(m.type, m.rest, m.emitSynced)
        if (failed) giveUp(failed)
      }
      const giveUp = (error: unknown): void => {
        console.error('yoriai: the board could not be inflated; connecting again without deflate', error)
        delete provider.params.deflate
        provider.ws?.close()
      }
      inflateRaw(deflated).then(
        (update) => {
          const wait = before()
          if (wait) void wait.then(() => resume(update))
          else resume(update)
        },
        (error: unknown) => {
          resume(null)
          giveUp(error)
        },
      )
    }
  handlers[MessageType.SyncStep2Deflated] = take(false)
  handlers[MessageType.SyncStep2DeflatedV2] = take(true)
}

/**
 * Runs `apply` with nothing listening for 'update' on the provider's document: Yjs then does not encode
 * what it applies a second time for listeners. Should anything else write to the document meanwhile, the
 * listeners are back before that change is made, so it is sent as usual.
 */
function withoutUpdateListeners(provider: WebsocketProvider, apply: () => void): void {
  const doc = provider.doc
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
    apply()
  } finally {
    restore()
  }
}

/**
 * The server's first answer (sync step 2: the whole board on a first visit) is applied with nothing
 * listening for 'update' while the document keeps no copy on the device: then Yjs does not encode the
 * update a second time for listeners (a quarter to a third of applying a 1,000-note board on a slow tablet;
 * bench B5), and the listener that stays away, the provider's own, would send nothing back for what came
 * from the server anyway. Nothing writes to the document meanwhile (the trash keeper waits for a microtask);
 * should anything, it is sent as usual (withoutUpdateListeners).
 */
export function applyFirstSyncQuietly(provider: WebsocketProvider, quiet: () => boolean): void {
  const handle = provider.messageHandlers[MessageType.Sync]!
  provider.messageHandlers[MessageType.Sync] = (...args) => {
    if (provider.synced || !quiet()) return handle(...args)
    withoutUpdateListeners(provider, () => handle(...args))
  }
}
