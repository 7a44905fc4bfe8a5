/**
 * Runs `run` once, after the next frame is painted (a first visit's board comes before its copy on the
 * device and before the step's socket); a hidden page paints no frames, so at most a second later.
 * Returns a function that cancels it.
 */
export function afterNextPaint(run: () => void): () => void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    cancel()
    run()
  }
  const fallback = setTimeout(once, 1_000)
  let later: ReturnType<typeof setTimeout> | undefined
  const frame = typeof requestAnimationFrame !== 'undefined' ? requestAnimationFrame(() => (later = setTimeout(once, 0))) : undefined
  const cancel = (): void => {
    done = true
    clearTimeout(fallback)
    clearTimeout(later)
    if (frame !== undefined) cancelAnimationFrame(frame)
  }
  return cancel
}
