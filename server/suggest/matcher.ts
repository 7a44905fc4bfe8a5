/**
 * Finds the thesaurus's themes in an analysed note. Patterns are compiled once per tokenizer into three
 * forms (folded, base forms, reading) and indexed by their first character, so that a note is scanned
 * once per form whatever the size of the thesaurus.
 */
import type { IpadicFeatures, Tokenizer } from 'kuromoji'
import { analyze, type Analysis } from './analyzer.ts'
import { foldCompact } from './fold.ts'
import { THEMES, type ThemeDef } from './thesaurus.ja.ts'

const WEIGHTS = { strong: 2, terms: 1, weak: 0.5 } as const
/** Readings shorter than this match too much by accident (かみ: 紙, 髪, 神). */
const MIN_READING = 3
const HAS_KANJI = /\p{Script=Han}/u
/**
 * Short katakana words are matched as written: folded to hiragana they turn into everyday particles and
 * endings (ママ → 「そのまま」, フン → 「ふんいき」).
 */
const SHORT_KATAKANA = /^[\p{Script=Katakana}ー]{1,2}$/u

interface Entry {
  /** Index of the pattern; a pattern listed under two themes is one entry with two weights. */
  id: number
  text: string
  weights: Array<{ theme: number; weight: number }>
}

type Index = Map<string, Entry[]>

export interface Matcher {
  themes: readonly ThemeDef[]
  /** Theme scores of a note (index = theme), and the ids of the patterns that counted. */
  match(a: Analysis): { scores: Float64Array; patterns: Set<number> }
}

function addTo(index: Index, entry: Entry): void {
  if (!entry.text) return
  const first = entry.text[0]!
  const list = index.get(first) ?? []
  if (!list.some((e) => e.id === entry.id)) list.push(entry)
  index.set(first, list)
}

/** Every occurrence of every pattern in `s`; a match inside a longer match of another pattern is dropped. */
function scan(s: string, index: Index, found: Set<number>): void {
  const hits: Array<{ start: number; end: number; id: number }> = []
  for (let i = 0; i < s.length; i++) {
    const list = index.get(s[i]!)
    if (!list) continue
    for (const e of list) if (s.startsWith(e.text, i)) hits.push({ start: i, end: i + e.text.length, id: e.id })
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.id - b.id)
  const kept: typeof hits = []
  for (const h of hits) {
    if (kept.some((k) => k.id !== h.id && k.start <= h.start && h.end <= k.end)) continue
    kept.push(h)
    found.add(h.id)
  }
}

export function compileMatcher(tk: Tokenizer<IpadicFeatures>, themes: readonly ThemeDef[] = THEMES): Matcher {
  const entries = new Map<string, Entry>()
  themes.forEach((theme, t) => {
    for (const level of ['strong', 'terms', 'weak'] as const) {
      for (const raw of theme[level] ?? []) {
        const key = foldCompact(raw)
        const entry = entries.get(key) ?? { id: entries.size, text: key, weights: [] }
        const same = entry.weights.find((w) => w.theme === t)
        if (same) same.weight = Math.max(same.weight, WEIGHTS[level])
        else entry.weights.push({ theme: t, weight: WEIGHTS[level] })
        entries.set(key, entry)
      }
    }
  })
  const bySurface: Index = new Map()
  const byLemma: Index = new Map()
  const byReading: Index = new Map()
  const byKatakana: Index = new Map()
  const list = [...entries.values()]
  // The first spelling of each folded pattern, found in one pass (looking it up per entry was quadratic).
  const firstWritten = new Map<string, string>()
  for (const theme of themes) {
    for (const raw of [...theme.strong, ...theme.terms, ...(theme.weak ?? [])]) {
      const key = foldCompact(raw)
      if (!firstWritten.has(key)) firstWritten.set(key, raw)
    }
  }
  for (const e of list) {
    const written = firstWritten.get(e.text) ?? ''
    const exact = written.normalize('NFKC')
    if (SHORT_KATAKANA.test(exact)) {
      addTo(byKatakana, { ...e, text: exact })
      continue
    }
    addTo(bySurface, e)
    // Analysed as written, as notes are: folded to hiragana, katakana words fall apart into particles and
    // verb endings (タクシー → た く し ー), so the pattern's base forms would not be the ones a note has.
    const a = analyze(tk, exact)
    if (a.lemma !== e.text) addTo(byLemma, { ...e, text: a.lemma })
    else addTo(byLemma, e)
    if (HAS_KANJI.test(e.text) && a.reading.length >= MIN_READING) addTo(byReading, { ...e, text: a.reading })
  }
  const byId = new Map(list.map((e) => [e.id, e]))
  return {
    themes,
    match(a) {
      const patterns = new Set<number>()
      scan(a.surface, bySurface, patterns)
      scan(a.lemma, byLemma, patterns)
      scan(a.reading, byReading, patterns)
      scan(a.written, byKatakana, patterns)
      const scores = new Float64Array(themes.length)
      for (const id of patterns) for (const w of byId.get(id)!.weights) scores[w.theme]! += w.weight
      return { scores, patterns }
    },
  }
}
