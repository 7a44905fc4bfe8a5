import { useState } from 'react'
import { createSession, importBackup } from '../api.ts'
import { saveCredential } from '../credentials.ts'
import { facilitatorPath, navigate } from '../router.ts'
import { submitOnEnter } from '../ime.ts'
import { t } from '../i18n.ts'
import { normalizeJoinCode, isJoinCodeShape } from '../../shared/session.ts'
import type { SessionKind } from '../../shared/schema.ts'
import { TEMPLATES, TEMPLATE_IDS, defaultTemplateFor, type TemplateId } from '../../shared/templates.ts'
import { LangSwitch } from '../components/LangSwitch.tsx'

/** トップ: a facilitator starts a session; a resident types the code from the screen. */
export function Home() {
  return (
    <main className="page home">
      <header className="home-header">
        <h1>{t('app.name')}</h1>
        <p>{t('app.tagline')}</p>
        <LangSwitch />
      </header>
      <JoinByCode />
      <CreateSession />
      <RestoreBackup />
    </main>
  )
}

function JoinByCode() {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const go = () => {
    const normalized = normalizeJoinCode(code)
    if (!isJoinCodeShape(normalized)) return setError(t('error.codeShape'))
    navigate(`/j/${normalized}`)
  }
  return (
    <section className="card" aria-labelledby="join-heading">
      <h2 id="join-heading">{t('home.join.heading')}</h2>
      <label className="field">
        <span>{t('home.join.code')}</span>
        <input
          className="input input-code"
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          value={code}
          onChange={(e) => {
            setCode(e.target.value)
            setError(null)
          }}
          onKeyDown={submitOnEnter(go)}
          data-testid="home.join.code"
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button-primary button-large" onClick={go} data-testid="home.join.submit">
        {t('home.join.submit')}
      </button>
    </section>
  )
}

const splitTables = (text: string): string[] => text.split(/[、,，\n]/).map((s) => s.trim()).filter(Boolean)

function CreateSession() {
  const [title, setTitle] = useState('')
  const [kind, setKind] = useState<SessionKind>('kondankai')
  const [template, setTemplate] = useState<TemplateId | null>(null)
  const [venue, setVenue] = useState('')
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10))
  const [tables, setTables] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const create = async () => {
    if (busy) return
    if (!title.trim()) return setError(t('error.titleRequired'))
    setBusy(true)
    setError(null)
    try {
      const tableList = splitTables(tables)
      const created = await createSession({
        title: title.trim(),
        kind,
        template: template ?? defaultTemplateFor(kind),
        ...(venue.trim() ? { venue: venue.trim() } : {}),
        ...(date ? { date } : {}),
        ...(tableList.length ? { tables: tableList } : {}),
      })
      saveCredential('facilitator', created.sessionId, { token: created.facilitatorKey })
      navigate(facilitatorPath(created.sessionId))
    } catch (e) {
      setError((e as Error).message)
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="create-heading">
      <h2 id="create-heading">{t('home.create.heading')}</h2>
      <label className="field">
        <span>{t('home.create.title')}</span>
        <input className="input" value={title} placeholder={t('home.create.titlePlaceholder')} onChange={(e) => setTitle(e.target.value)} onKeyDown={submitOnEnter(create)} data-testid="home.create.title" />
      </label>
      <fieldset className="field">
        <legend>{t('home.create.kind')}</legend>
        <div className="segmented">
          {(['kondankai', 'workshop'] as const).map((k) => (
            <label key={k} className={kind === k ? 'segment segment-on' : 'segment'}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`home.create.kind.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span>{t('home.create.template')}</span>
        <select
          className="input"
          value={template ?? defaultTemplateFor(kind)}
          onChange={(e) => {
            const next = e.target.value as TemplateId
            setTemplate(next)
            // The template suggests table names; the facilitator may change or clear them.
            if (!tables.trim()) setTables(TEMPLATES[next].tables.join('、'))
          }}
          data-testid="home.create.template"
        >
          {TEMPLATE_IDS.map((id) => (
            <option key={id} value={id}>
              {t(`template.${id}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('home.create.venue')}</span>
        <input className="input" value={venue} placeholder={t('home.create.venuePlaceholder')} onChange={(e) => setVenue(e.target.value)} onKeyDown={submitOnEnter(create)} />
      </label>
      <label className="field">
        <span>{t('home.create.date')}</span>
        <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('home.create.tables')}</span>
        <textarea className="input" rows={2} value={tables} placeholder="北町、南町、東町" onChange={(e) => setTables(e.target.value)} data-testid="home.create.tables" />
        <small>{t('home.create.tablesHint')}</small>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button-primary button-large" onClick={create} disabled={busy} data-testid="home.create.submit">
        {busy ? t('home.create.creating') : t('home.create.submit')}
      </button>
    </section>
  )
}

/** バックアップから復元: an export.json becomes a new session with new keys; the facilitator lands in it. */
function RestoreBackup() {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const restore = async (file: File) => {
    setError(null)
    setBusy(true)
    try {
      let backup: unknown
      try {
        backup = JSON.parse(await file.text())
      } catch {
        throw new Error(t('error.importFormat'))
      }
      const created = await importBackup(backup)
      saveCredential('facilitator', created.sessionId, { token: created.facilitatorKey })
      navigate(facilitatorPath(created.sessionId))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" aria-labelledby="restore-heading">
      <h2 id="restore-heading">{t('import.heading')}</h2>
      <p>{t('import.hint')}</p>
      <label className="button button-secondary button-large file-button">
        {t('import.choose')}
        <input
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void restore(file)
          }}
          data-testid="home.restore"
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
