/** A chain-link mark drawn as SVG (no emoji font is needed on a tablet or a projector laptop). */
export function LinkBadge({ count, label }: { count: number; label: string }) {
  return (
    <span className="note-links" aria-label={label} title={label}>
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M10 14a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5M14 10a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      {count}
    </span>
  )
}
