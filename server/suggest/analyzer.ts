/**
 * Morphological analysis with kuromoji (IPADIC, shipped inside the npm package: no network). Building the
 * tokenizer reads ~20 MB of dictionary and takes most of a second, so it is built once, on the first
 * request that needs it, and kept; a server that never suggests never loads it.
 */
import path from 'node:path'
import { createRequire } from 'node:module'
import kuromoji from 'kuromoji'
import type { IpadicFeatures, Tokenizer } from 'kuromoji'
import { fold, foldCompact, toHiragana } from './fold.ts'
import { STOP_LEMMAS } from './thesaurus.ja.ts'

export interface Analysis {
  /** The whole note folded, without separators. */
  surface: string
  /** NFKC only (kana as written), for the few patterns that must not be folded. */
  written: string
  /** Base forms (持って帰れない → 持つ て 帰れる ない), folded and joined. */
  lemma: string
  /** Readings in hiragana, joined (買い物 → かいもの), for notes written in kana. */
  reading: string
  /** Content words (nouns, verbs, adjectives) as folded base forms, each once, with one surface form as written. */
  content: Map<string, string>
}

let building: Promise<Tokenizer<IpadicFeatures>> | null = null

function dictionaryPath(): string {
  const require = createRequire(import.meta.url)
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict')
}

/** The shared tokenizer, built on first use. A failed build is not cached, so a later call retries. */
export function tokenizer(): Promise<Tokenizer<IpadicFeatures>> {
  building ??= new Promise<Tokenizer<IpadicFeatures>>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryPath() }).build((error, built) => (error ? reject(error) : resolve(built)))
  }).catch((error: unknown) => {
    building = null
    throw error
  })
  return building
}

const SEPARATOR = /^[\s\p{P}\p{S}]+$/u
const HAS_KANJI = /\p{Script=Han}/u
/** Noun subclasses that carry no topic (これ, こと, 三, さん). */
const EMPTY_NOUNS = new Set(['非自立', '代名詞', '数', '接尾', '特殊'])

function isContent(t: IpadicFeatures, lemma: string): boolean {
  if (STOP_LEMMAS.has(lemma)) return false
  // A lone kana carries no topic; a lone kanji (米, 駅, 坂) often does.
  if ([...lemma].length < 2 && !HAS_KANJI.test(lemma)) return false
  if (t.word_type === 'UNKNOWN') return !SEPARATOR.test(t.surface_form)
  if (t.pos === '名詞') return !EMPTY_NOUNS.has(t.pos_detail_1)
  if (t.pos === '動詞' || t.pos === '形容詞') return t.pos_detail_1 === '自立'
  return false
}

/** Analyses one text with a built tokenizer (synchronous; callers get the tokenizer once per request). */
export function analyze(tk: Tokenizer<IpadicFeatures>, text: string): Analysis {
  // NFKC first, so that half-width katakana and full-width Latin are known to the dictionary.
  const tokens = tk.tokenize(text.normalize('NFKC'))
  let lemma = ''
  let reading = ''
  const content = new Map<string, string>()
  for (const t of tokens) {
    if (SEPARATOR.test(t.surface_form)) continue
    const base = fold(t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form)
    lemma += base
    reading += t.reading && t.reading !== '*' ? toHiragana(t.reading) : fold(t.surface_form)
    if (isContent(t, base) && !content.has(base)) content.set(base, t.surface_form)
  }
  return { surface: foldCompact(text), written: text.normalize('NFKC'), lemma, reading, content }
}

const CACHE_MAX = 5000
const cache = new Map<string, Analysis>()

/** `analyze` with a cache by text: a canvas is asked about again and again while people work on it. */
export function analyzeCached(tk: Tokenizer<IpadicFeatures>, text: string): Analysis {
  const hit = cache.get(text)
  if (hit) return hit
  const result = analyze(tk, text)
  // Dropping everything at the bound is crude but keeps memory flat and costs one re-analysis per note.
  if (cache.size >= CACHE_MAX) cache.clear()
  cache.set(text, result)
  return result
}

/** Forgets cached analyses (the bench times analysis itself, not the cache). */
export const clearAnalysisCache = (): void => cache.clear()
