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
    // Printed on A4 landscape, all columns on one page's width, the header row repeated on every page.
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
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
