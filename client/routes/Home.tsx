import { useEffect, useRef, useState } from 'react'
import { ApiError, createSession, importBackup } from '../api.ts'
import { saveCredential } from '../credentials.ts'
import { facilitatorPath, navigate } from '../router.ts'
import { submitOnEnter } from '../ime.ts'
import { t } from '../i18n.ts'
import { SESSION_PROBLEMS, isSessionProblem, normalizeJoinCode, isJoinCodeShape, sessionProblem, validateSessionInput, type SessionField, type SessionInput } from '../../shared/session.ts'
import { TITLE_MAX, type SessionKind } from '../../shared/schema.ts'
import { localDateString } from '../../shared/dates.ts'
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

/** What the form says when it cannot start the session, and the field at fault (marked and focused). */
interface FormProblem {
  field: SessionField | null
  message: string
}

const ERROR_ID = 'create-error'
const fieldId = (field: SessionField): string => `create-${field}`

function CreateSession() {
  const [title, setTitle] = useState('')
  const [kind, setKind] = useState<SessionKind>('kondankai')
  const [template, setTemplate] = useState<TemplateId | null>(null)
  const [venue, setVenue] = useState('')
  // The facilitator's own calendar day: the UTC date is yesterday in Japan until 09:00.
  const [date, setDate] = useState(() => localDateString(new Date()))
  const [tables, setTables] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<FormProblem | null>(null)
  const formRef = useRef<HTMLElement>(null)

  useEffect(() => {
    if (problem?.field) formRef.current?.querySelector<HTMLElement>(`#${fieldId(problem.field)}`)?.focus()
  }, [problem])

  /** A field's value and its change (which clears a message about it), tied to the message when it is about this field. */
  const bound = (field: SessionField, value: string, set: (next: string) => void) => ({
    value,
    onChange: (e: { target: { value: string } }) => {
      set(e.target.value)
      if (problem && (problem.field === field || problem.field === null)) setProblem(null)
    },
    id: fieldId(field),
    ...(problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': ERROR_ID } : {}),
  })

  const create = async () => {
    if (busy) return
    const tableList = splitTables(tables)
    const input: SessionInput = {
      title: title.trim(),
      kind,
      template: template ?? defaultTemplateFor(kind),
      ...(venue.trim() ? { venue: venue.trim() } : {}),
      ...(date ? { date } : {}),
      ...(tableList.length ? { tables: tableList } : {}),
    }
    // The server's own rules, checked here first: the same message either way, without a round trip.
    const checked = validateSessionInput(input)
    if (!checked.ok) {
      const { field, key, params } = SESSION_PROBLEMS[sessionProblem(checked.issues)]
      return setProblem({ field, message: t(key, params) })
    }
    setBusy(true)
    setProblem(null)
    try {
      const created = await createSession(input)
      saveCredential('facilitator', created.sessionId, { token: created.facilitatorKey })
      navigate(facilitatorPath(created.sessionId))
    } catch (e) {
      const field = e instanceof ApiError && isSessionProblem(e.code) ? SESSION_PROBLEMS[e.code].field : null
      setProblem({ field, message: (e as Error).message })
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="create-heading" ref={formRef}>
      <h2 id="create-heading">{t('home.create.heading')}</h2>
      <label className="field">
        <span>{t('home.create.title')}</span>
        <input
          className="input"
          {...bound('title', title, setTitle)}
          maxLength={TITLE_MAX}
          placeholder={t('home.create.titlePlaceholder')}
          onKeyDown={submitOnEnter(create)}
          data-testid="home.create.title"
        />
      </label>
      {problem?.field === 'title' && <FieldError message={problem.message} />}
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
        <input
          className="input"
          {...bound('venue', venue, setVenue)}
          maxLength={TITLE_MAX}
          placeholder={t('home.create.venuePlaceholder')}
          onKeyDown={submitOnEnter(create)}
          data-testid="home.create.venue"
        />
      </label>
      {problem?.field === 'venue' && <FieldError message={problem.message} />}
      <label className="field">
        <span>{t('home.create.date')}</span>
        <input
          className="input"
          type="date"
          {...bound('date', date, setDate)}
          data-testid="home.create.date"
        />
      </label>
      {problem?.field === 'date' && <FieldError message={problem.message} />}
      <label className="field">
        <span>{t('home.create.tables')}</span>
        <textarea
          className="input"
          rows={2}
          {...bound('tables', tables, setTables)}
          placeholder="北町、南町、東町"
          data-testid="home.create.tables"
        />
        <small>{t('home.create.tablesHint')}</small>
      </label>
      {problem?.field === 'tables' && <FieldError message={problem.message} />}
      {problem && (problem.field === null || problem.field === 'kind' || problem.field === 'template') && <FieldError message={problem.message} />}
      <button type="button" className="button button-primary button-large" onClick={create} disabled={busy} data-testid="home.create.submit">
        {busy ? t('home.create.creating') : t('home.create.submit')}
      </button>
    </section>
  )
}

/** The form's one message, under the field it is about (which points to it with aria-describedby), outside its label. */
function FieldError({ message }: { message: string }) {
  return (
    <p id={ERROR_ID} className="error" role="alert" data-testid="home.create.error">
      {message}
    </p>
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
