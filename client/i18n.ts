/** The page's language: Japanese unless the person chose English (kept on this device). */
import { ja, type MessageKey } from '../shared/i18n/ja.ts'
import { fill, type Lang } from '../shared/i18n/fill.ts'
import { readPref, writePref } from './devicePrefs.ts'

const STORAGE_KEY = 'yoriai:lang'

let lang: Lang = readPref(STORAGE_KEY) === 'en' ? 'en' : 'ja'

export const currentLang = (): Lang => lang

export function setLang(next: Lang): void {
  lang = next
  writePref(STORAGE_KEY, next)
  document.documentElement.lang = next
}

/**
 * The English dictionary is a chunk of its own, loaded before the page is drawn by someone who chose
 * English: the tablets, nearly all in Japanese, do not download or compile it with the page (bench B5);
 * the service worker keeps a copy with the rest of the build, fetched after the page has loaded, so that
 * English opens without the laptop too. Should it not load (the network gone), the page is in Japanese.
 */
let dictionary: Record<MessageKey, string> = ja
export async function loadLang(): Promise<void> {
  if (lang !== 'en') return
  try {
    dictionary = (await import('../shared/i18n/en.ts')).en
  } catch {
    lang = 'ja'
    document.documentElement.lang = 'ja'
  }
}

export const t = (key: MessageKey, params?: Record<string, string | number>): string => fill(dictionary[key] ?? ja[key], params)

/** A table's name as people read it: the plenary table and the single unnamed table have labels. */
export const tableLabel = (name: string): string => (name === '*plenary' ? t('table.plenary') : name === '' ? t('table.everyone') : name)
