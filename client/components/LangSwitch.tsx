import { useState } from 'react'
import { currentLang, setLang } from '../i18n.ts'

/** 日本語 / English. Reloads the strings by re-rendering from the top. */
export function LangSwitch() {
  const [lang, setLocal] = useState(currentLang())
  const next = lang === 'ja' ? 'en' : 'ja'
  return (
    <button
      type="button"
      className="button button-ghost lang-switch"
      lang={next}
      onClick={() => {
        setLang(next)
        setLocal(next)
        location.reload()
      }}
    >
      {next === 'en' ? 'English' : '日本語'}
    </button>
  )
}
