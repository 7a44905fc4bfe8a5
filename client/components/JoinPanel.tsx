import { useEffect, useState } from 'react'
import { getJoinQr } from '../api.ts'
import { t } from '../i18n.ts'

/** The QR code and the join code in large digits, for the projector and the facilitator's screen. */
export function JoinPanel({ sessionId, token, large = false }: { sessionId: string; token: string; large?: boolean }) {
  const [qr, setQr] = useState<{ url: string; joinCode: string; svg: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    getJoinQr(sessionId, token).then(
      (value) => !cancelled && setQr(value),
      (e: Error) => !cancelled && setError(e.message),
    )
    return () => {
      cancelled = true
    }
  }, [sessionId, token])
  if (error) return <p className="error" role="alert">{error}</p>
  if (!qr) return null
  const digits = `${qr.joinCode.slice(0, 3)} ${qr.joinCode.slice(3)}`
  return (
    <section className={large ? 'join-panel join-panel-large' : 'join-panel'} aria-label={t('facilitator.joinCode')}>
      <img className="join-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`} alt={t('facilitator.qrAlt')} data-testid="join.qr" />
      <div className="join-text">
        <p className="join-code-label">{t('facilitator.joinCode')}</p>
        <p className="join-code" data-testid="join.code" aria-label={qr.joinCode}>
          {digits}
        </p>
        <p className="join-url" data-testid="join.url">
          {qr.url}
        </p>
      </div>
    </section>
  )
}
