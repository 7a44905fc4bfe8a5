import { lazy, Suspense } from 'react'
import { useRoute } from './router.ts'
import { Home } from './routes/Home.tsx'
import { Join } from './routes/Join.tsx'
import { Participant } from './routes/Participant.tsx'
import { Projector } from './routes/Projector.tsx'
import { t } from './i18n.ts'

/** The facilitator's page (plan editor, matrix, exports) loads on its own, so tablets never download it. */
const Facilitator = lazy(() => import('./routes/Facilitator.tsx').then((m) => ({ default: m.Facilitator })))

export function App() {
  const route = useRoute()
  switch (route.page) {
    case 'home':
      return <Home />
    case 'join':
      return <Join code={route.code} />
    case 'participant':
      return <Participant sessionId={route.sessionId} />
    case 'facilitator':
      return (
        <Suspense fallback={<p role="status">{t('conn.connecting')}</p>}>
          <Facilitator sessionId={route.sessionId} />
        </Suspense>
      )
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
