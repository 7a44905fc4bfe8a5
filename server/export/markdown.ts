/** The Word document's content as Markdown, for pasting into other documents or a wiki. */
import type { Block } from './report.ts'

/** Escapes what Markdown would read as markup at the start of a line or inside a table cell. */
const inline = (text: string): string => text.replace(/([\\`*_[\]<>|#])/g, '\\$1')
const cell = (text: string): string => inline(text).replace(/\r?\n/g, '<br>')

export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
        out.push(`# ${inline(block.text)}`)
        break
      case 'heading':
        out.push(`${'#'.repeat(block.level + 1)} ${inline(block.text)}`)
        break
      case 'paragraph':
        out.push(inline(block.text).replace(/\r?\n/g, '  \n'))
        break
      case 'bullets':
        out.push(block.items.map((item) => `- ${inline(item).replace(/\r?\n/g, '  \n  ')}`).join('\n'))
        break
      case 'table': {
        const header = block.header ?? ['', '']
        const rows = block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)
        out.push([`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows].join('\n'))
        break
      }
    }
  }
  return `${out.join('\n\n')}\n`
}
