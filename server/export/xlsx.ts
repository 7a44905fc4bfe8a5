/**
 * The Excel workbook (exceljs): one sheet per table of the report — 付箋, グループ, 計画案, 資源 — with a
 * frozen, filterable header row, wrapped text and widths set for Japanese. Text cells are written as
 * strings, never as formulas: exceljs only makes a formula from a `{formula}` value.
 */
import ExcelJS from 'exceljs'
import type { Cell, Sheet } from './report.ts'

/** Points per line of wrapped text: an 11 pt line in a Japanese font (游ゴシック, Noto Sans CJK) with its leading. */
const LINE_PT = 18
/**
 * The tallest row Excel has (its limits: 409 points, about 22 of those lines). A taller one — a plan item's
 * 4,000-character 住民の声 came to 3,600 pt — is beyond what a row can show or print on one page anyway (a
 * row does not break across pages), and a file carrying it is at Excel's mercy; the whole text stays in the
 * cell, and the Word document carries it across pages.
 */
export const ROW_MAX_PT = 409
/** East Asian wide and full-width characters take about two of Excel's width units (a digit of Calibri 11, 7 px; an 11 pt kanji is about 14.7 px). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u

const textUnits = (text: string): number => {
  let units = 0
  for (const ch of text) units += WIDE.test(ch) ? 2.1 : 1
  return units
}

/**
 * The height a row needs for its wrapped text (at most ROW_MAX_PT), or undefined for one line. Written into
 * the file because LibreOffice prints a row without a height at one line, cutting off the rest of a long
 * note; the estimate errs on the tall side (a little white space rather than lost words).
 */
export function rowHeight(row: readonly Cell[], widths: readonly number[]): number | undefined {
  let lines = 1
  row.forEach((cell, i) => {
    if (typeof cell !== 'string' || cell === '') return
    const room = Math.max(1, (widths[i] ?? DEFAULT_WIDTH) - 1)
    lines = Math.max(lines, cell.split(/\r?\n/).reduce((n, line) => n + Math.max(1, Math.ceil(textUnits(line) / room)), 0))
  })
  return lines > 1 ? Math.min(ROW_MAX_PT, lines * LINE_PT) : undefined
}

const DEFAULT_WIDTH = 16

/** A sheet's printing when it says nothing: A4, one page across. */
export const DEFAULT_PRINT: NonNullable<Sheet['print']> = { paper: 'A4', pagesWide: 1, repeatColumns: 0 }

/**
 * How every sheet prints, from its `print`: landscape on its paper, shrunk only as far as its number of
 * pages across needs (as many pages down as it takes), the header row (and the sheet's leading columns)
 * repeated on every page, pages in reading order. One helper, so the sheets cannot drift apart.
 */
export function pageSetupFor(print: NonNullable<Sheet['print']> = DEFAULT_PRINT): Partial<ExcelJS.PageSetup> {
  return {
    // OOXML paper codes: 8 is A3 and 9 is A4 (exceljs's PaperSize enum leaves A3 out).
    paperSize: (print.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: print.pagesWide,
    fitToHeight: 0,
    pageOrder: 'overThenDown',
    printTitlesRow: '1:1',
    ...(print.repeatColumns > 0 ? { printTitlesColumn: `A:${String.fromCharCode(64 + print.repeatColumns)}` } : {}),
  }
}

export async function toXlsx(sheets: readonly Sheet[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Yoriai'
  workbook.title = title
  for (const sheet of sheets) {
    const print = sheet.print ?? DEFAULT_PRINT
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: print.repeatColumns }],
      pageSetup: pageSetupFor(print),
    })
    ws.columns = sheet.header.map((header, i) => ({ header, width: sheet.widths[i] ?? DEFAULT_WIDTH }))
    for (const row of sheet.rows) ws.addRow(row)
    ;[sheet.header, ...sheet.rows].forEach((row, i) => {
      const height = rowHeight(row, sheet.widths)
      if (height !== undefined) ws.getRow(i + 1).height = height
    })
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, sheet.header.length) } }
    ws.eachRow((row) => {
      row.alignment = { vertical: 'top', wrapText: true }
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
