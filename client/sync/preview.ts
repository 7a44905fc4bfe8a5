/**
 * A tablet opening a large board with nothing of it yet asks for a plain copy first (`preview=1`;
 * MessageType.BoardPreview): the board as a participant sees it, as JSON, drawn while Yjs applies the board
 * itself (on a 4× throttled page, ~0.4 s for 1,000 notes before anything could show; bench B5). The copy is
 * only looked at: the page takes no change until the document has come (DocConnection.preview is null then).
 * No DOM here beyond the browser's inflater: the Node tests use it alike.
 */
import type { WebsocketProvider } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import { MessageType } from '../../shared/protocol.ts'
import type { BoardSnapshot } from '../../shared/board.ts'
import { inflateRaw } from './firstSync.ts'

/**
 * Until the copy has been drawn (or given up on), the whole board is not applied: applying it first would
 * take the moment the copy is there to save. Opened by the page once a frame with the copy is painted, by a
 * copy that cannot be read, or after `waitMs` when no page draws it (one showing the plan, say).
 */
export class PreviewGate {
  private open: (() => void) | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Resolved once the copy's frame is painted (or it is given up on); undefined when no copy came. */
  drawn: Promise<void> | undefined

  constructor(private readonly waitMs: number) {}

  /** A copy is coming: the board's apply waits for it. */
  close(): void {
    if (this.drawn) return
    this.drawn = new Promise((resolve) => (this.open = resolve))
    this.timer = setTimeout(() => this.release(), this.waitMs)
  }

  release(): void {
    clearTimeout(this.timer)
    this.open?.()
    this.open = null
  }
}

/** The parts a BoardSnapshot must have to be drawn; anything else is no copy at all. */
function asBoard(value: unknown): BoardSnapshot | null {
  const b = value as Partial<BoardSnapshot> | null
  if (!b || !Array.isArray(b.notes) || !Array.isArray(b.groups) || !Array.isArray(b.links) || typeof b.likes !== 'object' || b.likes === null) return null
  return b as BoardSnapshot
}

/**
 * Takes MessageType.BoardPreview on `provider`: closes `gate` at once (the whole board follows on the
 * socket), then hands the copy to `show` once inflated and read. A copy that cannot be read is left out.
 */
export function takeBoardPreview(provider: WebsocketProvider, gate: PreviewGate, show: (board: BoardSnapshot) => void): void {
  provider.messageHandlers[MessageType.BoardPreview] = (_encoder, decoder) => {
    const deflated = decoding.readVarUint8Array(decoder)
    if (provider.synced) return
    gate.close()
    inflateRaw(deflated)
      .then((bytes) => asBoard(JSON.parse(new TextDecoder().decode(bytes))))
      .then(
        (board) => {
          if (board && !provider.synced) show(board)
          else gate.release()
        },
        () => gate.release(),
      )
  }
}
