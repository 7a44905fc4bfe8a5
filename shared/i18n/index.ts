/** Message lookup with {placeholders}. Japanese first; English as the second language. */
import { ja, type MessageKey } from './ja.ts'
import { en } from './en.ts'
import { fill, type Lang } from './fill.ts'

export type { Lang, MessageKey }

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en }

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(dictionaries[lang][key] ?? ja[key], params)
}
