import { Component, lazy, Suspense, type ReactNode } from 'react'
import { useRoute } from './router.ts'
import { Participant } from './routes/Participant.tsx'
import { t } from './i18n.ts'

/**
 * Only the tablet's board page is in the first script: the others load on their own (main.tsx starts the
 * current one's chunk with the script), so a tablet opening its board evaluates, compiles and caches
 * none of them (bench B5) — the facilitator's plan editor, matrix and exports, the projector, the front
 * page, the join page (a tablet on it has time while a person reads it).
 */
export const pages = {
  home: () => import('./routes/Home.tsx').then((m) => ({ default: m.Home })),
  join: () => import('./routes/Join.tsx').then((m) => ({ default: m.Join })),
  facilitator: () => import('./routes/Facilitator.tsx').then((m) => ({ default: m.Facilitator })),
  projector: () => import('./routes/Projector.tsx').then((m) => ({ default: m.Projector })),
}
const Home = lazy(pages.home)
const Join = lazy(pages.join)
const Facilitator = lazy(pages.facilitator)
const Projector = lazy(pages.projector)

export function App() {
  return (
    <PageFailed>
      <Suspense fallback={<p className="boot" role="status">{t('app.loading')}</p>}>
        <Page />
      </Suspense>
    </PageFailed>
  )
}

/**
 * A page whose chunk could not be fetched (the hall's Wi-Fi dropped as a tablet opened the join page) or that
 * failed to draw: said in words, with a way to load it again, instead of a blank screen.
 */
class PageFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }
  override render() {
    if (!this.state.failed) return this.props.children
    return (
      <main className="page narrow">
        <p role="alert" data-testid="app.failed">
          {t('app.failed')}
        </p>
        <button type="button" className="button button-primary" onClick={() => location.reload()} data-testid="app.reload">
          {t('app.reload')}
        </button>
      </main>
    )
  }
}

function Page() {
  const route = useRoute()
  switch (route.page) {
    case 'home':
      return <Home />
    case 'join':
      return <Join code={route.code} />
    case 'participant':
      return <Participant sessionId={route.sessionId} />
    case 'facilitator':
      return <Facilitator sessionId={route.sessionId} />
    case 'projector':
      return <Projector sessionId={route.sessionId} />
    case 'notFound':
      return (
        <main className="page narrow">
          <p role="alert">{t('error.notFound')}</p>
          <a href="/">{t('app.name')}</a>
        </main>
      )
  }
}
