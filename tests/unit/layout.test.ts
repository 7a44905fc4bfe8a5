import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name)
    return e.isDirectory() ? files(rel) : /\.tsx?$/.test(e.name) ? [rel] : []
  })
}

const imports = (file: string): string[] =>
  [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!)

describe('layout rules', () => {
  it('shared/ imports nothing from client/ or server/, and no React, DOM or ws', () => {
    for (const file of files('shared')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/(^|\/)(client|server)\/|^react|^ws$|^react-dom/)
      }
    }
  })

  it('only server/wsServer.ts imports ws', () => {
    const users = files('server').filter((f) => imports(f).includes('ws'))
    expect(users).toEqual(['server/wsServer.ts'])
  })

  it('client/ does not import server code', () => {
    for (const file of files('client')) {
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/(^|\/)server\//)
    }
  })
})
