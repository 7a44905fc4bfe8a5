import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { currentLang } from './i18n.ts'
import { parseRoute } from './router.ts'
import { loadCredential } from './credentials.ts'
import { openParticipantBoard } from './sync/hooks.ts'
import { applyTextSize } from './textSize.ts'
import './styles.css'

document.documentElement.lang = currentLang()
applyTextSize()
// A tablet opening its board page (a reload, the link again): the board starts coming now, while React
// draws the page, rather than once the page has mounted (bench B5); useParticipantBoard takes it.
const route = parseRoute(location.pathname)
if (route.page === 'participant') {
  const token = loadCredential('participant', route.sessionId)?.token
  if (token) openParticipantBoard(route.sessionId, token)
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
