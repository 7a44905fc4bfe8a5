/**
 * CSV for Japanese Excel: UTF-8 with a BOM (without it Excel reads Shift_JIS and shows 文字化け), RFC 4180
 * quoting with CRLF line ends, and formula injection defused: a text cell starting with = + - @, a tab or
 * a carriage return gets a leading ' so a spreadsheet shows it as text instead of running it. A cell that
 * already starts with ' gets one more, so `unescapeCell` gives back exactly what was written.
 */
import type { Cell, Sheet } from './report.ts'

const BOM = '\uFEFF'
const TRIGGER = /^[=+\-@\t\r']/

export function escapeCell(value: Cell): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  return TRIGGER.test(value) ? `'${value}` : value
}

/** The inverse of escapeCell, for reading our own CSV back. */
export const unescapeCell = (value: string): string => (value.startsWith("'") ? value.slice(1) : value)

const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`

export function toCsv(sheet: Pick<Sheet, 'header' | 'rows'>): string {
  const lines = [sheet.header, ...sheet.rows].map((row) => row.map((cell) => quote(escapeCell(cell))).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}

/** RFC 4180 reader (quoted fields may hold commas, quotes and line breaks); a leading BOM is skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.startsWith(BOM) ? 1 : 0
  const endField = () => {
    row.push(field)
    field = ''
  }
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') endField()
    else if (c === '\r' && text[i + 1] === '\n') {
      endField()
      rows.push(row)
      row = []
      i++
    } else if (c === '\n') {
      endField()
      rows.push(row)
      row = []
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    endField()
    rows.push(row)
  }
  return rows
}
