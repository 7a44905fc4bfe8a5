import { describe, expect, it } from 'vitest'
import { normalizeJoinCode, validateJoinInput, validateSessionInput } from '../../../shared/session.ts'
import { ja } from '../../../shared/i18n/ja.ts'
import { en } from '../../../shared/i18n/en.ts'
import { translate } from '../../../shared/i18n/index.ts'

describe('validateSessionInput', () => {
  it('accepts a full session and normalises table names', () => {
    const r = validateSessionInput({ title: ' 住民懇談会 ', kind: 'kondankai', venue: '公民館', date: '2026-10-18', tables: ['北町', ' 南町 ', '', '北町'] })
    expect(r).toEqual({ ok: true, value: { title: '住民懇談会', kind: 'kondankai', venue: '公民館', date: '2026-10-18', tables: ['北町', '南町'] } })
  })

  it('refuses unknown kinds, bad dates, too many tables and non-objects', () => {
    expect(validateSessionInput({ title: 'x', kind: 'party' }).ok).toBe(false)
    expect(validateSessionInput({ title: 'x', kind: 'workshop', date: '18/10/2026' }).ok).toBe(false)
    expect(validateSessionInput({ title: 'x', kind: 'workshop', tables: Array.from({ length: 21 }, (_, i) => `t${i}`) }).ok).toBe(false)
    expect(validateSessionInput([]).ok).toBe(false)
    expect(validateSessionInput(null).ok).toBe(false)
  })
})

describe('join codes', () => {
  it('fold full-width digits, spaces and hyphens', () => {
    expect(normalizeJoinCode('１２３ ４５６')).toBe('123456')
    expect(normalizeJoinCode('123-456')).toBe('123456')
    expect(validateJoinInput({ code: '１２３４５６', name: ' はな ' })).toEqual({ ok: true, value: { code: '123456', name: 'はな' } })
  })
})

describe('i18n', () => {
  it('has an English string for every Japanese key and fills placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort())
    expect(translate('ja', 'participant.count', { n: 3, max: 200 })).toBe('3／200文字')
  })
})
