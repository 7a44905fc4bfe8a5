/// <reference types="vite/client" />
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, pages } from './App.tsx'
import { currentLang, loadLang } from './i18n.ts'
import { parseRoute } from './paths.ts'
import { loadCredential } from './credentials.ts'
import { openParticipantBoard, participantBoardLoaded } from './sync/hooks.ts'
import { prefetchSessionInfo } from './sync/useSessionInfo.ts'
import { applyTextSize } from './textSize.ts'
import './styles.css'

document.documentElement.lang = currentLang()
applyTextSize()
/** How long a tablet's page waits for its board before it is drawn without it (as useLoaded waits). */
const BOARD_WAIT_MS = 1_500

// A tablet opening its board page (a reload, the link again): the board and the session record start
// coming now, while the script is still busy starting, and the page is drawn once both are here (or the
// wait is over): once, board and all, instead of an empty page first that is drawn, laid out and drawn
// again as each arrives, each time ahead of the board in the tablet's queue (bench B5). Until then the
// page says 読み込み中 (index.html).
let ready: Promise<unknown> = Promise.resolve()
const route = parseRoute(location.pathname)
if (route.page === 'participant') {
  const token = loadCredential('participant', route.sessionId)?.token
  if (token) {
    openParticipantBoard(route.sessionId, token)
    const info = prefetchSessionInfo(route.sessionId, token)
    const board = participantBoardLoaded(route.sessionId, token, BOARD_WAIT_MS)
    ready = Promise.race([Promise.all([board, info]), new Promise((resolve) => setTimeout(resolve, BOARD_WAIT_MS))])
  }
}
// Any other page: its own chunk, started now rather than once React finds it missing.
else if (route.page !== 'notFound') ready = pages[route.page]().catch(() => undefined)
void Promise.all([ready, loadLang()]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)

// The service worker (client/sw/worker.ts), which opens the app again without the laptop: in the built app
// only (`vite dev` serves no worker), and well after the page has loaded. Installing, it fetches the app's
// files and V8 compiles them for its code cache: registered 2 s after the join page's load, that came in
// the middle of a quick resident's join and the first draw of the board (bench B5, join 0.8 → 1.1–1.5 s at
// 4×). Where it cannot run (a plain-HTTP address on the hall's LAN, which is no secure origin; a private
// window; an old browser) the app works as before.
const WORKER_AFTER_LOAD_MS = 10_000
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => setTimeout(() => navigator.serviceWorker.register('/sw.js').catch(() => undefined), WORKER_AFTER_LOAD_MS))
}
