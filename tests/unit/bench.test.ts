/**
 * The bench (tests/bench, `npm run bench`) runs: a tiny --smoke pass of two scenarios, checking only
 * that it prints rows with numbers. Benchmarks are not tests: nothing here looks at PASS or FAIL.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

describe('npm run bench -- --smoke', () => {
  it('prints a row with figures for ours and the stock relay', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'tests/bench/run.ts'), '--smoke', '--only=B1,B6'],
        { cwd: root, timeout: 55_000, env: { ...process.env, BENCH_SECONDS: '1', BENCH_WARMUP: '0.2' } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      )
    })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^scenario\s+figure\s+ours\s+relay\s+ratio\s+target\s+PASS\|FAIL$/)
    const row = (scenario: string, figure: string) => lines.find((l) => l.startsWith(scenario) && l.includes(figure))
    const number = /\s(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s/
    for (const [scenario, figure] of [
      ['B1', 'update latency p99 (ms)'],
      ['B6', 'stored bytes per move'],
    ] as const) {
      const line = row(scenario, figure)
      expect(line, `${scenario} ${figure}`).toBeDefined()
      expect(line!.slice(line!.indexOf(figure) + figure.length)).toMatch(number)
    }
  }, 60_000)
})
