/** The page's language: Japanese unless the person chose English (kept on this device). */
import { translate, type Lang, type MessageKey } from '../shared/i18n/index.ts'

const STORAGE_KEY = 'yoriai:lang'

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja'
  } catch {
    return 'ja'
  }
}

let lang: Lang = initialLang()

export const currentLang = (): Lang => lang

export function setLang(next: Lang): void {
  lang = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next
}

export const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(lang, key, params)

/** A table's name as people read it: the plenary table and the single unnamed table have labels. */
export const tableLabel = (name: string): string => (name === '*plenary' ? t('table.plenary') : name === '' ? t('table.everyone') : name)
