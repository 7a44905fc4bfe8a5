/**
 * From analysed notes to proposed groups, favouring precision: a wrong group costs a table more than a
 * missing one (people must pull the notes apart again), so a note joins a proposal only when the
 * evidence is clear and everything else stays a 離れザル.
 *
 * 1. Each note gets theme scores from the thesaurus. A note whose best theme clearly beats the next
 *    (by a whole term, or twice the score) seeds that theme's group.
 * 2. The other notes are compared with the seeded groups: similarity mixes the theme profile (what the
 *    thesaurus says the note is about) and TF-IDF over content words (what it literally says). A note
 *    joins the group it is clearly most like, if it is like it enough.
 * 3. Notes still left are clustered among themselves on their words alone (average linkage), for issues
 *    the thesaurus does not know; the shared word becomes the 表札.
 * Everything is ordered by note id where order could matter, so the same notes give the same proposals
 * whatever order they come in.
 */
import type { Analysis } from './analyzer.ts'
import type { Matcher } from './matcher.ts'

export interface Params {
  /** A note's best theme must score at least this (one ordinary term). */
  minScore: number
  /** …and beat the second best by this much, or by `ratio` times. */
  margin: number
  ratio: number
  /** Weight of the theme profile in the similarity (the rest is the words). */
  themeWeight: number
  /** A left-over note joins a group when its mean similarity to the group's notes reaches this… */
  join: number
  /** …and beats the next group by this. */
  joinMargin: number
  /** Average-linkage threshold (word similarity) for groups the thesaurus does not know. */
  lexical: number
}

export const DEFAULT_PARAMS: Params = {
  minScore: 2,
  margin: 1,
  ratio: 2,
  themeWeight: 0.8,
  join: 0.45,
  joinMargin: 0.05,
  lexical: 0.55,
}

export interface Item {
  id: string
  analysis: Analysis
}

export interface Cluster {
  /** Index of the thesaurus theme, or -1 for a group found on words alone. */
  theme: number
  members: number[]
}

/** Theme evidence (in thesaurus weight) at which a note's theme profile counts in full: one strong word. */
const THEME_FULL = 2

/** Sparse vector. */
type Vec = Map<string | number, number>

function unit(v: Vec): Vec {
  let norm = 0
  for (const x of v.values()) norm += x * x
  norm = Math.sqrt(norm)
  if (norm > 0) for (const [k, x] of v) v.set(k, x / norm)
  return v
}

function dot(a: Vec, b: Vec): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let sum = 0
  for (const [k, x] of small) {
    const y = large.get(k)
    if (y !== undefined) sum += x * y
  }
  return sum
}

export interface Profiles {
  scores: Float64Array[]
  theme: Vec[]
  words: Vec[]
  idf: Map<string, number>
}

/** Theme profile and TF-IDF word vector of each note; IDF over the notes given (one canvas). */
export function profiles(items: readonly Item[], matcher: Matcher): Profiles {
  const scores = items.map((it) => matcher.match(it.analysis).scores)
  // Scaled to unit length only when the evidence is strong enough: a note with one weak hint gets a
  // short vector, so it cannot look exactly like a group on the strength of that hint alone.
  const theme = scores.map((s) => {
    const v: Vec = new Map()
    let norm = 0
    s.forEach((x, t) => {
      if (x > 0) v.set(t, x)
      norm += x * x
    })
    const scale = Math.max(Math.sqrt(norm), THEME_FULL)
    for (const [k, x] of v) v.set(k, x / scale)
    return v
  })
  const df = new Map<string, number>()
  for (const it of items) for (const w of it.analysis.content.keys()) df.set(w, (df.get(w) ?? 0) + 1)
  const n = items.length
  const idf = new Map<string, number>()
  for (const [w, d] of df) idf.set(w, Math.log((n + 1) / (d + 0.5)))
  const words = items.map((it) => {
    const v: Vec = new Map()
    for (const w of it.analysis.content.keys()) v.set(w, idf.get(w)!)
    return unit(v)
  })
  return { scores, theme, words, idf }
}

export function similarity(p: Profiles, i: number, j: number, params: Params = DEFAULT_PARAMS): number {
  return params.themeWeight * dot(p.theme[i]!, p.theme[j]!) + (1 - params.themeWeight) * dot(p.words[i]!, p.words[j]!)
}

/** The note's theme when the thesaurus is clear about it, else -1. */
export function confidentTheme(scores: Float64Array, params: Params = DEFAULT_PARAMS): number {
  let best = -1
  let first = 0
  let second = 0
  scores.forEach((x, t) => {
    if (x > first) {
      second = first
      first = x
      best = t
    } else if (x > second) second = x
  })
  if (best < 0 || first < params.minScore) return -1
  return first - second >= params.margin || first >= params.ratio * second ? best : -1
}

export function cluster(items: readonly Item[], matcher: Matcher, params: Params = DEFAULT_PARAMS): { clusters: Cluster[]; profiles: Profiles } {
  const order = items.map((_, i) => i).sort((a, b) => (items[a]!.id < items[b]!.id ? -1 : items[a]!.id > items[b]!.id ? 1 : a - b))
  const p = profiles(items, matcher)
  const byTheme = new Map<number, number[]>()
  const rest: number[] = []
  for (const i of order) {
    const t = confidentTheme(p.scores[i]!, params)
    if (t >= 0) byTheme.set(t, [...(byTheme.get(t) ?? []), i])
    else rest.push(i)
  }
  // Left-over notes are compared with the seeds only (not with each other's choices), so the order in
  // which they are looked at changes nothing.
  const seeds = [...byTheme.entries()].sort((a, b) => a[0] - b[0])
  const joined = new Map<number, number[]>()
  const left: number[] = []
  for (const i of rest) {
    let best = -1
    let first = 0
    let second = 0
    for (const [t, members] of seeds) {
      const mean = members.reduce((sum, j) => sum + similarity(p, i, j, params), 0) / members.length
      if (mean > first) {
        second = first
        first = mean
        best = t
      } else if (mean > second) second = mean
    }
    if (best >= 0 && first >= params.join && first - second >= params.joinMargin) joined.set(best, [...(joined.get(best) ?? []), i])
    else left.push(i)
  }
  const clusters: Cluster[] = seeds.map(([t, members]) => ({ theme: t, members: [...members, ...(joined.get(t) ?? [])].sort((a, b) => a - b) }))
  for (const members of averageLinkage(left, (a, b) => dot(p.words[a]!, p.words[b]!), params.lexical)) clusters.push({ theme: -1, members })
  return { clusters: clusters.filter((c) => c.members.length >= 2), profiles: p }
}

/**
 * Agglomerative clustering with average linkage, merging while the best pair's mean similarity reaches
 * `threshold`. Quadratic memory, cubic time in the worst case: used on the few notes the thesaurus left.
 */
export function averageLinkage(ids: readonly number[], sim: (a: number, b: number) => number, threshold: number): number[][] {
  const groups: Array<number[] | null> = ids.map((i) => [i])
  const n = ids.length
  const s: Float64Array[] = ids.map((a) => Float64Array.from(ids, (b) => (a === b ? -Infinity : sim(a, b))))
  for (;;) {
    let bi = -1
    let bj = -1
    let best = threshold
    for (let i = 0; i < n; i++) {
      if (!groups[i]) continue
      const row = s[i]!
      for (let j = i + 1; j < n; j++) if (groups[j] && row[j]! >= best && (bi < 0 || row[j]! > best)) [bi, bj, best] = [i, j, row[j]!]
    }
    if (bi < 0) break
    const a = groups[bi]!
    const b = groups[bj]!
    for (let k = 0; k < n; k++) {
      if (!groups[k] || k === bi || k === bj) continue
      const v = (s[bi]![k]! * a.length + s[bj]![k]! * b.length) / (a.length + b.length)
      s[bi]![k] = v
      s[k]![bi] = v
    }
    groups[bi] = [...a, ...b].sort((x, y) => x - y)
    groups[bj] = null
  }
  return groups.filter((g): g is number[] => g !== null && g.length >= 2)
}
