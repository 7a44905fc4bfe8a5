import { useRoute } from './router.ts'
import { Home } from './routes/Home.tsx'
import { Join } from './routes/Join.tsx'
import { Participant } from './routes/Participant.tsx'
import { Facilitator } from './routes/Facilitator.tsx'
import { Projector } from './routes/Projector.tsx'
import { t } from './i18n.ts'

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
