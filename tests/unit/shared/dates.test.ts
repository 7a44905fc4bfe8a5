// Before any Date is made: the facilitator's laptop is in Japan, while CI machines run in UTC. Node reads
// TZ again when it is assigned, so this holds for the whole file (each test file runs in its own process).
process.env.TZ = 'Asia/Tokyo'

import { describe, expect, it } from 'vitest'
import { formatDate, localDateString } from '../../../shared/dates.ts'

describe('localDateString', () => {
  it('runs in Japan time', () => {
    expect(new Date('2026-11-23T23:30:00Z').getTimezoneOffset()).toBe(-540)
  })

  it('gives the local day early in the morning, when the UTC date is still yesterday', () => {
    expect(localDateString(new Date(2026, 10, 24, 8, 30))).toBe('2026-11-24')
    expect(localDateString(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24')
    expect(localDateString(new Date(2026, 10, 24, 0, 0))).toBe('2026-11-24')
  })

  it('pads months and days and keeps the evening on the same day', () => {
    expect(localDateString(new Date(2027, 0, 5, 23, 59))).toBe('2027-01-05')
    expect(localDateString(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31')
  })
})

describe('formatDate', () => {
  it('writes a session date as a Japanese document does, with the weekday', () => {
    expect(formatDate('2026-10-18', 'ja')).toBe('2026年10月18日（日）')
    expect(formatDate('2027-01-05', 'ja')).toBe('2027年1月5日（火）')
    expect(formatDate('2026-10-18', 'en')).toBe('Sun 18 October 2026')
  })
  it('gives back anything that is not a calendar date as it was', () => {
    for (const s of ['', '2026/10/18', '2026-02-30', 'きょう']) expect(formatDate(s, 'ja')).toBe(s)
  })
})
