/**
 * The Word document 「{title} 計画案」 from the report blocks (docx package). A4 portrait, Japanese font
 * hints (游ゴシック in Word, the system's CJK font in LibreOffice), header rows repeated across pages and
 * short rows kept on one page, so a 5W2H table stays readable on paper. A long row may break across pages:
 * a row that must not split but is taller than a page is clipped by Word, and its text is lost on paper.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { Block } from './report.ts'

const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic', hint: 'eastAsia' }
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' }
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER }
const LABEL_FILL = { type: ShadingType.CLEAR, fill: 'EDEDED', color: 'auto' }

/** A cell's text as paragraphs, one per line, so line breaks written in the plan survive. */
const lines = (text: string, bold = false): Paragraph[] =>
  (text === '' ? [''] : text.split(/\r?\n/)).map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }))

/**
 * Whether a row is short enough to keep on one page: its tallest cell, at about 30 full-width characters a
 * line in the value column, takes no more than 15 lines (a third of an A4 page).
 */
const KEEP_LINES = 15
const fitsTogether = (row: readonly string[]): boolean =>
  row.every((text) => text.split(/\r?\n/).reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 30)), 0) <= KEEP_LINES)

function table(block: Extract<Block, { type: 'table' }>): Table {
  const header = block.header
    ? [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: block.header.map((h) => new TableCell({ borders: BORDERS, shading: LABEL_FILL, children: lines(h, true) })),
        }),
      ]
    : []
  const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length))
  // A4 with 2 cm margins leaves about 9,600 twips; a label column is narrow, the rest share the width.
  const widths = block.keyValue === true && columns === 2 ? [2600, 7000] : Array.from({ length: columns }, () => Math.floor(9600 / columns))
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        ...(fitsTogether(row) ? { cantSplit: true } : {}),
        children: row.map((text, i) => {
          const label = block.keyValue === true && i === 0
          return new TableCell({
            borders: BORDERS,
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            ...(label ? { shading: LABEL_FILL } : {}),
            children: lines(text, label),
          })
        }),
      }),
  )
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths,
    rows: [...header, ...rows],
  })
}

export async function toDocx(blocks: readonly Block[], title: string): Promise<Buffer> {
  const children: Array<Paragraph | Table> = []
  for (const block of blocks) {
    if (block.type === 'title') children.push(new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(block.text)] }))
    else if (block.type === 'heading') children.push(new Paragraph({ heading: HEADINGS[block.level - 1] ?? HeadingLevel.HEADING_4, keepNext: true, children: [new TextRun(block.text)] }))
    else if (block.type === 'paragraph') children.push(...lines(block.text))
    else if (block.type === 'bullets') {
      for (const item of block.items) {
        const [first = '', ...rest] = item.split(/\r?\n/)
        children.push(
          new Paragraph({
            numbering: { reference: 'bullets', level: 0 },
            children: [new TextRun(first), ...rest.map((line) => new TextRun({ text: line, break: 1 }))],
          }),
        )
      }
    } else {
      children.push(table(block))
      children.push(new Paragraph(''))
    }
  }
  const document = new Document({
    title,
    creator: 'Yoriai',
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, language: { value: 'ja-JP', eastAsia: 'ja-JP' } } },
        // A plan item's name (level 4) is what people look for on paper: bold and upright, not the small
        // italic of the built-in style.
        heading4: { run: { font: FONT, size: 24, bold: true, italics: false, color: '1F4E79' }, paragraph: { spacing: { before: 240, after: 80 } } },
      },
    },
    numbering: {
      config: [{ reference: 'bullets', levels: [{ level: 0, format: LevelFormat.BULLET, text: '・', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 420, hanging: 300 } } } }] }],
    },
    sections: [{ properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children }],
  })
  return Packer.toBuffer(document)
}
