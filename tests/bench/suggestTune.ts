/**
 * How the clustering parameters (server/suggest/cluster.ts DEFAULT_PARAMS) were chosen: a grid over the
 * 'dev' notes of the labelled set only, best ARI first. The held-out third is never scored here.
 *   npx tsx tests/bench/suggestTune.ts
 * Chosen: the highest ARI with pairwise precision ≥ 0.85 on dev (a margin over the 0.8 target).
 */
import { loadEvalSet, score } from '../helpers/suggestEval.ts'
import { suggester, suggestWith } from '../../server/suggest/index.ts'
import { DEFAULT_PARAMS } from '../../server/suggest/cluster.ts'
const { tk, matcher } = await suggester()
const dev = loadEvalSet().filter((n) => n.split === 'dev')
const rows: string[] = []
for (const minScore of [1, 1.5, 2]) for (const join of [0.35, 0.45, 0.55]) for (const themeWeight of [0.5, 0.65, 0.8]) for (const lexical of [0.4, 0.55]) for (const joinMargin of [0.05, 0.1, 0.2]) {
  const params = { ...DEFAULT_PARAMS, minScore, join, themeWeight, lexical, joinMargin }
  const s = score(dev, suggestWith(tk, matcher, dev, { params }))
  rows.push(`${s.ari.toFixed(3)} P${s.precision.toFixed(3)} R${s.recall.toFixed(3)} ${JSON.stringify({ minScore, join, themeWeight, lexical, joinMargin })}`)
}
rows.sort().reverse()
console.log(rows.slice(0, 25).join('\n'))
