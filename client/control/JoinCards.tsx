import { useEffect, useState } from 'react'
import { getJoinQr, type JoinQr } from '../api.ts'
import { t, tableLabel } from '../i18n.ts'
import { wifiProblem, wifiQrText } from '../../shared/wifi.ts'
import { PrintToolbar } from '../plan/PrintView.tsx'

interface Props {
  sessionId: string
  facilitatorKey: string
  title: string
  tables: string[]
  onBack: () => void
}

const svgSrc = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`

/** The join code as the projector shows it, in two halves. */
const digits = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`

/**
 * 参加カード: one A4 page per table to lay on it, for the residents who cannot read the projector's QR from
 * their seat. Each card's QR seats whoever joins by it at that table (no table to pick), and says the steps
 * in the words of the buttons they will meet. The hall's Wi-Fi may go on it too, as a QR a tablet's camera
 * joins by: typed here, used only in this page (never sent to the server, never stored).
 */
export function JoinCards({ sessionId, facilitatorKey, title, tables, onBack }: Props) {
  const [cards, setCards] = useState<Array<{ table: string | undefined; qr: JoinQr }> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [ssid, setSsid] = useState('')
  const [password, setPassword] = useState('')
  const [wifiSvg, setWifiSvg] = useState<string | null>(null)
  const tableKey = tables.join('\n')

  useEffect(() => {
    let cancelled = false
    const list = tableKey ? tableKey.split('\n') : [undefined]
    Promise.all(list.map(async (table) => ({ table, qr: await getJoinQr(sessionId, facilitatorKey, table) }))).then(
      (made) => !cancelled && setCards(made),
      (e: Error) => !cancelled && setError(e.message),
    )
    return () => {
      cancelled = true
    }
  }, [sessionId, facilitatorKey, tableKey])

  const wifi = { ssid: ssid.trim(), password }
  const problem = ssid.trim() || password ? wifiProblem(wifi) : undefined
  const wifiText = ssid.trim() && !problem ? wifiQrText(wifi) : null
  useEffect(() => {
    if (!wifiText) {
      setWifiSvg(null)
      return
    }
    let cancelled = false
    // Only here: the QR library stays out of every other page's scripts.
    import('qrcode')
      .then((QRCode) => QRCode.toString(wifiText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))
      .then(
        (svg) => !cancelled && setWifiSvg(svg),
        (e: Error) => !cancelled && setError(e.message),
      )
    return () => {
      cancelled = true
    }
  }, [wifiText])

  const withWifi = wifiSvg !== null && wifiText !== null
  const step = (n: number) => String.fromCodePoint(0x2460 + n - 1)
  return (
    <div className="print-view join-cards" data-testid="cards.view">
      <PrintToolbar onBack={onBack} testId="cards.print" ready={cards !== null} />
      <section className="panel cards-setup no-print">
        <h1>{t('cards.heading')}</h1>
        <p>{t('cards.intro')}</p>
        <fieldset className="cards-wifi">
          <legend>{t('cards.wifi.heading')}</legend>
          <label className="field">
            <span>{t('cards.wifi.ssid')}</span>
            <input className="input" value={ssid} onChange={(e) => setSsid(e.target.value)} autoComplete="off" spellCheck={false} data-testid="cards.ssid" aria-invalid={problem?.startsWith('ssid') || undefined} aria-describedby={problem ? 'cards-wifi-problem' : undefined} />
          </label>
          <label className="field">
            <span>{t('cards.wifi.password')}</span>
            <input className="input" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" spellCheck={false} data-testid="cards.password" aria-invalid={problem === 'password-length' || undefined} aria-describedby={problem ? 'cards-wifi-problem' : undefined} />
          </label>
          {problem && (
            <p className="error" role="alert" id="cards-wifi-problem" data-testid="cards.wifiProblem">
              {t(`cards.wifi.problem.${problem}`)}
            </p>
          )}
          <p className="hint">{t('cards.wifi.note')}</p>
        </fieldset>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!cards && !error && <p role="status">{t('cards.loading')}</p>}
      {cards?.map(({ table, qr }) => (
        <article key={table ?? ''} className="join-card" data-testid="cards.card" data-table={table ?? ''} data-url={qr.url}>
          <p className="join-card-session">{title}</p>
          {table !== undefined && (
            <h2 className="join-card-table">
              <span className="join-card-table-label">{t('join.table')}</span>
              {tableLabel(table)}
            </h2>
          )}
          <ol className="join-card-steps">
            {withWifi && (
              <li className="join-card-step">
                <img className="join-card-qr" src={svgSrc(wifiSvg)} alt={t('cards.wifi.qrAlt')} data-testid="cards.wifiQr" />
                <div>
                  <h3>
                    {step(1)} {t('cards.step.wifi')}
                  </h3>
                  <p>{t('cards.step.wifiHow')}</p>
                  <p className="join-card-small">
                    {t('cards.wifi.nameLine', { ssid: wifi.ssid })}
                    {wifi.password && (
                      <>
                        <br />
                        {t('cards.wifi.passwordLine', { password: wifi.password })}
                      </>
                    )}
                  </p>
                </div>
              </li>
            )}
            <li className="join-card-step">
              <img className="join-card-qr" src={svgSrc(qr.svg)} alt={t('facilitator.qrAlt')} data-testid="cards.qr" />
              <div>
                <h3>
                  {step(withWifi ? 2 : 1)} {t('cards.step.scan')}
                </h3>
                <p>{t('cards.step.scanHow')}</p>
              </div>
            </li>
            <li className="join-card-step join-card-step-text">
              <h3>
                {step(withWifi ? 3 : 2)} {t('cards.step.join')}
              </h3>
              <p>{t('cards.step.joinHow', { anonymous: t('join.anonymous'), named: t('join.submit') })}</p>
            </li>
          </ol>
          <p className="join-card-manual">
            {t('cards.manual', { url: new URL(qr.url).origin })}
            <span className="join-card-code">{digits(qr.joinCode)}</span>
          </p>
        </article>
      ))}
    </div>
  )
}
