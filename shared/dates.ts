/** Calendar dates as the people in the hall read them: the local day, never UTC's. */

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/**
 * The local calendar date of `date` as YYYY-MM-DD (the value of an `<input type="date">`). Not
 * `toISOString().slice(0, 10)`: that is the UTC date, the day before in Japan until 09:00.
 */
export const localDateString = (date: Date): string =>
  `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`
