/**
 * B10: grouping suggestions. Quality on the labelled set (tests/fixtures/suggest-eval.ja.json), whole and
 * its held-out third, and the time of POST /api/sessions/{id}/suggest-groups for 300 notes on a real
 * server in this process (the tokenizer already built, the analysis cache emptied before each request).
 */
import { createSession, startServer } from '../helpers/server.ts'
import { loadEvalSet, score, type EvalNote } from '../helpers/suggestEval.ts'
import { clearAnalysisCache } from '../../server/suggest/analyzer.ts'
import { setLogSink } from '../../server/log.ts'
import type { SuggestAnswer } from '../../shared/suggest.ts'
import type { BenchConfig, Figures } from './scenarios.ts'

/** 300 distinct notes: the whole set, then set notes again as a neighbour reported them. */
export function threeHundredNotes(notes: readonly EvalNote[]): Array<{ id: string; text: string }> {
  const out = notes.map((n) => ({ id: n.id, text: n.text }))
  for (let i = 0; out.length < 300; i++) {
    const n = notes[(i * 7) % notes.length]!
    out.push({ id: `r${i}`, text: `${n.text}と近所の人も言っていた` })
  }
  return out
}

export async function b10(cfg: BenchConfig): Promise<Figures> {
  setLogSink(() => {})
  const t = await startServer({ logRequests: false })
  try {
    const session = await createSession(t.http)
    const ask = async (notes: ReadonlyArray<{ id: string; text: string }>): Promise<{ ms: number; answer: SuggestAnswer }> => {
      const started = performance.now()
      const res = await fetch(`${t.http}/api/sessions/${session.sessionId}/suggest-groups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.facilitatorKey}` },
        body: JSON.stringify({ notes }),
      })
      const answer = (await res.json()) as SuggestAnswer
      const ms = performance.now() - started
      if (res.status !== 200) throw new Error(`suggest-groups answered ${res.status}: ${JSON.stringify(answer)}`)
      return { ms, answer }
    }
    const set = loadEvalSet()
    const heldOut = set.filter((n) => n.split === 'test')
    const first = await ask(set)
    const all = score(set, first.answer.groups)
    const test = score(heldOut, (await ask(heldOut)).answer.groups)
    const freshSet = loadEvalSet('fresh')
    const fresh = score(freshSet, (await ask(freshSet)).answer.groups)
    const big = threeHundredNotes(set)
    const times: number[] = []
    for (let i = 0; i < (cfg.smoke ? 3 : 15); i++) {
      clearAnalysisCache()
      times.push((await ask(big)).ms)
    }
    times.sort((a, b) => a - b)
    return {
      ari: all.ari,
      precision: all.precision,
      recall: all.recall,
      testAri: test.ari,
      testPrecision: test.precision,
      testRecall: test.recall,
      freshAri: fresh.ari,
      freshPrecision: fresh.precision,
      freshRecall: fresh.recall,
      freshNotes: freshSet.length,
      ms300: times[Math.floor(times.length / 2)]!,
      worst300: times[times.length - 1]!,
      firstMs: first.ms,
    }
  } finally {
    await t.close()
  }
}
