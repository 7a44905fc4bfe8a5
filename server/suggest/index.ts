/**
 * Grouping suggestions for Japanese notes, offline: kuromoji, the 生活課題 thesaurus and a clustering
 * that prefers fewer, surer groups. See cluster.ts for the method and BENCHMARKS.md (B10) for how well it does.
 */
import { createHash } from 'node:crypto'
import type { IpadicFeatures, Tokenizer } from 'kuromoji'
import { analyzeCached, tokenizer } from './analyzer.ts'
import { compileMatcher, type Matcher } from './matcher.ts'
import { cluster, DEFAULT_PARAMS, profiles, similarity, type Item, type Params } from './cluster.ts'
import type { SimilarAnswer, SuggestedGroup } from '../../shared/suggest.ts'

export interface TextNote {
  id: string
  text: string
}

let ready: Promise<{ tk: Tokenizer<IpadicFeatures>; matcher: Matcher }> | null = null

/** The tokenizer and the compiled thesaurus, built on first use and kept. */
export function suggester(): Promise<{ tk: Tokenizer<IpadicFeatures>; matcher: Matcher }> {
  ready ??= tokenizer().then(
    (tk) => ({ tk, matcher: compileMatcher(tk) }),
    (error: unknown) => {
      ready = null
      throw error
    },
  )
  return ready
}

/** A short name for a set of notes, independent of their order. */
export function signatureOf(noteIds: readonly string[]): string {
  return createHash('sha256').update([...noteIds].sort().join('\n')).digest('base64url').slice(0, 16)
}

export interface SuggestOptions {
  /** Signatures of proposals people dismissed: those are not proposed again unchanged. */
  dismissed?: Iterable<string>
  params?: Params
}

/** Proposed groups for `notes` (the ungrouped notes of one canvas); notes in none are strays. */
export async function suggestGroups(notes: readonly TextNote[], options: SuggestOptions = {}): Promise<SuggestedGroup[]> {
  const { tk, matcher } = await suggester()
  return suggestWith(tk, matcher, notes, options)
}

/** The synchronous core, for callers that already hold the tokenizer (the bench). */
export function suggestWith(tk: Tokenizer<IpadicFeatures>, matcher: Matcher, notes: readonly TextNote[], options: SuggestOptions = {}): SuggestedGroup[] {
  const items: Item[] = notes.map((n) => ({ id: n.id, analysis: analyzeCached(tk, n.text) }))
  const { clusters, profiles: p } = cluster(items, matcher, options.params ?? DEFAULT_PARAMS)
  const dismissed = new Set(options.dismissed ?? [])
  const groups: SuggestedGroup[] = []
  for (const c of clusters) {
    const noteIds = c.members.map((i) => items[i]!.id)
    const signature = signatureOf(noteIds)
    if (dismissed.has(signature)) continue
    const title = c.theme >= 0 ? matcher.themes[c.theme]!.title : sharedWords(c.members, items, p.idf, notes)
    groups.push({ title, noteIds, signature })
  }
  return groups.sort((a, b) => b.noteIds.length - a.noteIds.length || (a.noteIds[0]! < b.noteIds[0]! ? -1 : 1))
}

/**
 * The 表札 of a group found on words alone: its most shared word(s), as a resident wrote them — in the order
 * they were written, and as one word where they stood together (「はなれザル」, not 「ザル・はなれ」).
 */
function sharedWords(members: readonly number[], items: readonly Item[], idf: ReadonlyMap<string, number>, notes: readonly TextNote[]): string {
  const count = new Map<string, number>()
  for (const i of members) for (const w of items[i]!.analysis.content.keys()) count.set(w, (count.get(w) ?? 0) + 1)
  const ranked = [...count.entries()]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || (idf.get(b[0]) ?? 0) - (idf.get(a[0]) ?? 0) || (a[0] < b[0] ? -1 : 1))
    .slice(0, 2)
  const surface = (w: string): string => {
    for (const i of members) {
      const s = items[i]!.analysis.content.get(w)
      if (s) return s
    }
    return w
  }
  const words = ranked.map(([w]) => surface(w))
  const text = words.length === 2 ? members.map((i) => notes[i]!.text).find((t) => words.every((w) => t.includes(w))) : undefined
  if (!text) return words.join('・')
  const [first, second] = [...words].sort((a, b) => text.indexOf(a) - text.indexOf(b)) as [string, string]
  return text.indexOf(first) + first.length === text.indexOf(second) ? first + second : `${first}・${second}`
}

/** Notes on the canvas and groups there (with their notes), for "like this one" while dragging. */
export interface SimilarInput {
  target: TextNote
  notes: ReadonlyArray<TextNote & { groupId?: string | undefined }>
  groups: ReadonlyArray<{ id: string; title: string }>
}

/** Below this a note is not highlighted: better nothing lit than the wrong notes. */
export const SIMILAR_MIN = 0.4

export async function similarTo(input: SimilarInput, limits = { notes: 6, groups: 3 }): Promise<SimilarAnswer> {
  const { tk, matcher } = await suggester()
  const others = input.notes.filter((n) => n.id !== input.target.id)
  const texts: TextNote[] = [input.target, ...others, ...input.groups.filter((g) => g.title.trim()).map((g) => ({ id: `group:${g.id}`, text: g.title }))]
  const items: Item[] = texts.map((n) => ({ id: n.id, analysis: analyzeCached(tk, n.text) }))
  const p = profiles(items, matcher)
  const score = (k: number): number => Math.round(similarity(p, 0, k) * 1000) / 1000
  const noteScores = others.map((n, i) => ({ id: n.id, groupId: n.groupId, score: score(i + 1) }))
  const titleScore = new Map(texts.map((n, k) => [n.id, k]).filter(([id]) => String(id).startsWith('group:')).map(([id, k]) => [String(id).slice(6), score(k as number)]))
  const groups = input.groups.map((g) => {
    const members = noteScores.filter((n) => n.groupId === g.id).map((n) => n.score).sort((a, b) => b - a).slice(0, 3)
    const mean = members.length > 0 ? members.reduce((a, b) => a + b, 0) / members.length : 0
    return { id: g.id, score: Math.max(mean, titleScore.get(g.id) ?? 0) }
  })
  const best = <T extends { id: string; score: number }>(list: T[], n: number) =>
    list
      .filter((x) => x.score >= SIMILAR_MIN)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, n)
      .map(({ id, score }) => ({ id, score }))
  return { notes: best(noteScores, limits.notes), groups: best(groups, limits.groups) }
}
