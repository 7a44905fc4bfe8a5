/**
 * While a note is dragged, the notes and groups most like it are highlighted: the server is asked once,
 * when the drag starts; the highlight ends with the drag. Items are keyed `note:{id}` / `group:{id}`.
 */
import { useCallback, useRef, useState } from 'react'
import { similarNotes, type SuggestAccess } from './api.ts'

const NONE: ReadonlySet<string> = new Set()

export function useSimilar(access: SuggestAccess | null): { similar: ReadonlySet<string>; start(item: string): void; end(): void } {
  const [similar, setSimilar] = useState<ReadonlySet<string>>(NONE)
  const pending = useRef<AbortController | null>(null)
  const end = useCallback(() => {
    pending.current?.abort()
    pending.current = null
    setSimilar(NONE)
  }, [])
  const start = useCallback(
    (item: string) => {
      end()
      if (!access || !item.startsWith('note:')) return
      const controller = new AbortController()
      pending.current = controller
      similarNotes(access, item.slice('note:'.length), controller.signal).then(
        (answer) => {
          if (controller.signal.aborted) return
          setSimilar(new Set([...answer.notes.map((n) => `note:${n.id}`), ...answer.groups.map((g) => `group:${g.id}`)]))
        },
        // A highlight is a help, not a must: without an answer the drag works as always.
        () => {},
      )
    },
    [access, end],
  )
  return { similar, start, end }
}
