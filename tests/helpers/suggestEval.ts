/**
 * The labelled evaluation set (tests/fixtures/suggest-eval.ja.json) and the figures it is judged by:
 * adjusted Rand index and pairwise precision and recall. Used by the bench (B10) and a unit test's floor.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface EvalNote {
  id: string
  text: string
  /** The true group: a theme, or `stray:n` for a 離れザル (a group of its own). */
  label: string
  split: 'dev' | 'test'
}

interface EvalFile {
  themes: Record<string, string[]>
  strays: string[]
}

/**
 * Notes in file order, ids `e001`…; the split rule is the one the file states (index % 3 === 2 → test).
 * `fresh`: the second set (tests/fixtures/suggest-fresh.ja.json), written blind after the thesaurus was
 * broadened and held out whole.
 */
export function loadEvalSet(which: 'first' | 'fresh' = 'first'): EvalNote[] {
  const name = which === 'fresh' ? 'suggest-fresh.ja.json' : 'suggest-eval.ja.json'
  const file = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures', name), 'utf8')) as EvalFile
  const notes: EvalNote[] = []
  const push = (text: string, label: string, index: number) =>
    notes.push({ id: `e${String(notes.length + 1).padStart(3, '0')}`, text, label, split: which === 'fresh' || index % 3 === 2 ? 'test' : 'dev' })
  for (const [theme, texts] of Object.entries(file.themes)) texts.forEach((text, i) => push(text, theme, i))
  file.strays.forEach((text, i) => push(text, `stray:${i}`, i))
  return notes
}

export interface Scores {
  ari: number
  precision: number
  recall: number
  /** Proposals made, and notes left as strays. */
  groups: number
  strays: number
}

const pairs = (n: number): number => (n * (n - 1)) / 2

/** Scores proposed groups against the labels of `notes`; notes in no group count as singletons. */
export function score(notes: readonly EvalNote[], groups: ReadonlyArray<{ noteIds: readonly string[] }>): Scores {
  const predicted = new Map<string, string>()
  groups.forEach((g, k) => g.noteIds.forEach((id) => predicted.set(id, `g${k}`)))
  const truth = notes.map((n) => n.label)
  const guess = notes.map((n) => predicted.get(n.id) ?? `single:${n.id}`)
  const table = new Map<string, number>()
  const rows = new Map<string, number>()
  const cols = new Map<string, number>()
  notes.forEach((_, i) => {
    const key = `${truth[i]}\u0000${guess[i]}`
    table.set(key, (table.get(key) ?? 0) + 1)
    rows.set(truth[i]!, (rows.get(truth[i]!) ?? 0) + 1)
    cols.set(guess[i]!, (cols.get(guess[i]!) ?? 0) + 1)
  })
  const both = [...table.values()].reduce((s, x) => s + pairs(x), 0)
  const sameTrue = [...rows.values()].reduce((s, x) => s + pairs(x), 0)
  const sameGuess = [...cols.values()].reduce((s, x) => s + pairs(x), 0)
  const expected = (sameTrue * sameGuess) / pairs(notes.length)
  const max = (sameTrue + sameGuess) / 2
  return {
    ari: max === expected ? 1 : (both - expected) / (max - expected),
    precision: sameGuess === 0 ? 1 : both / sameGuess,
    recall: sameTrue === 0 ? 1 : both / sameTrue,
    groups: groups.length,
    strays: notes.filter((n) => !predicted.has(n.id)).length,
  }
}
