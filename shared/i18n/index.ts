/** Message lookup with {placeholders}. Japanese first; English as the second language. */
import { ja, type MessageKey } from './ja.ts'
import { en } from './en.ts'

export type Lang = 'ja' | 'en'
export type { MessageKey }

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en }

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[lang][key] ?? ja[key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  )
}
