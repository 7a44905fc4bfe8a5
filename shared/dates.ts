/** Calendar dates as the people in the hall read them: the local day, never UTC's. */

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/**
 * The local calendar date of `date` as YYYY-MM-DD (the value of an `<input type="date">`). Not
 * `toISOString().slice(0, 10)`: that is the UTC date, the day before in Japan until 09:00.
 */
export const localDateString = (date: Date): string =>
  `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`

const WEEKDAYS_JA = '日月火水木金土'

/** A YYYY-MM-DD date that is a day on the calendar (not 2026-02-30, not 2026-13-01). */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d
}

/**
 * A YYYY-MM-DD date as a document written in Japan puts it, 「2026年10月18日（日）」, or in English
 * 「Sun 18 October 2026」. Anything that is not such a date comes back as it was.
 */
export function formatDate(date: string, lang: 'ja' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return date
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return date
  if (lang === 'ja') return `${y}年${mo}月${d}日（${WEEKDAYS_JA[day.getUTCDay()]}）`
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(day).replace(',', '')
}
