import { useCallback, useEffect, useRef, useState } from 'react'
import { chooseLanAddress, getJoinQr, type JoinQr } from '../api.ts'
import { t } from '../i18n.ts'

/** How often the QR is asked for again: the laptop may join the Wi-Fi, or another address be picked, meanwhile. */
const REFRESH_MS = 15_000

/**
 * The QR code and the join code in large digits, for the projector and the facilitator's screen. On the
 * laptop that runs the server (and only there) the facilitator sees which of its addresses the QR carries,
 * may pick another (a VPN's or a virtual machine's address is no use to a tablet), and is told when the
 * laptop has no address a tablet could open.
 */
export function JoinPanel({ sessionId, token, large = false }: { sessionId: string; token: string; large?: boolean }) {
  const [qr, setQr] = useState<JoinQr | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [choiceError, setChoiceError] = useState<string | null>(null)
  const shown = useRef(false)
  const load = useCallback(
    (isCancelled: () => boolean = () => false) =>
      getJoinQr(sessionId, token).then(
        (value) => {
          if (isCancelled()) return
          shown.current = true
          setError(null)
          // Asked again every few seconds: a new object only when something changed.
          setQr((old) => (old && old.url === value.url && JSON.stringify(old.lan) === JSON.stringify(value.lan) ? old : value))
        },
        // A QR already shown stays while the server is out of reach for a moment.
        (e: Error) => {
          if (!isCancelled() && !shown.current) setError(e.message)
        },
      ),
    [sessionId, token],
  )
  useEffect(() => {
    let cancelled = false
    const isCancelled = () => cancelled
    void load(isCancelled)
    const timer = setInterval(() => void load(isCancelled), REFRESH_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [load])
  if (error) return <p className="error" role="alert">{error}</p>
  if (!qr) return null
  const digits = `${qr.joinCode.slice(0, 3)} ${qr.joinCode.slice(3)}`
  const pick = (address: string) => {
    setChoiceError(null)
    chooseLanAddress(sessionId, token, address).then(
      () => load(),
      (e: Error) => setChoiceError(e.message),
    )
  }
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
        {!large && qr.lan && qr.lan.addresses.length === 0 && (
          <p className="join-lan-missing" role="alert" data-testid="join.lanMissing">
            {t('facilitator.lanMissing')}
          </p>
        )}
        {!large && qr.lan && qr.lan.addresses.length > 1 && (
          <label className="join-lan">
            <span>{t('facilitator.lanAddress')}</span>
            <select value={qr.lan.chosen} onChange={(e) => pick(e.target.value)} data-testid="join.lanAddress">
              {qr.lan.addresses.map((a) => (
                <option key={a.address} value={a.address}>
                  {t('facilitator.lanOption', { address: a.address, iface: a.iface })}
                </option>
              ))}
            </select>
            <small>{t('facilitator.lanHint')}</small>
          </label>
        )}
        {choiceError && (
          <p className="error" role="alert">
            {choiceError}
          </p>
        )}
      </div>
    </section>
  )
}
