/**
 * The Excel workbook (exceljs): one sheet per table of the report — 付箋, グループ, 計画案, 資源 — with a
 * frozen, filterable header row, wrapped text and widths set for Japanese. Text cells are written as
 * strings, never as formulas: exceljs only makes a formula from a `{formula}` value.
 */
import ExcelJS from 'exceljs'
import type { Sheet } from './report.ts'

export async function toXlsx(sheets: readonly Sheet[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Yoriai'
  workbook.title = title
  for (const sheet of sheets) {
    // Printed landscape (A4 unless the sheet asks for A3), shrunk at most to its number of pages across,
    // the header row (and the sheet's leading columns) repeated on every page, pages in reading order.
    const print = sheet.print ?? { paper: 'A4', pagesWide: 1, repeatColumns: 0 }
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: print.repeatColumns }],
      pageSetup: {
        // OOXML paper codes: 8 is A3 and 9 is A4 (exceljs's PaperSize enum leaves A3 out).
        paperSize: (print.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: print.pagesWide,
        fitToHeight: 0,
        pageOrder: 'overThenDown',
        printTitlesRow: '1:1',
        ...(print.repeatColumns > 0 ? { printTitlesColumn: `A:${String.fromCharCode(64 + print.repeatColumns)}` } : {}),
      },
    })
    ws.columns = sheet.header.map((header, i) => ({ header, width: sheet.widths[i] ?? 16 }))
    for (const row of sheet.rows) ws.addRow(row)
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, sheet.header.length) } }
    ws.eachRow((row) => {
      row.alignment = { vertical: 'top', wrapText: true }
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
