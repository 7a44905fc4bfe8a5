/**
 * Folding of Japanese text for comparison: residents write one word many ways (ゴミ／ごみ, ｽｰﾊﾟｰ／スーパー,
 * full-width Ｂｕｓ). Folded text is only ever compared, never shown.
 */

/** NFKC (half-width kana and full-width Latin to their usual forms), lower case, katakana → hiragana. */
export function fold(text: string): string {
  const nfkc = text.normalize('NFKC').toLowerCase()
  let out = ''
  for (const ch of nfkc) {
    const code = ch.codePointAt(0)!
    // ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above ぁ … ゖ; ー, ・ and ヽヾ are left alone.
    if (code >= 0x30a1 && code <= 0x30f6) out += String.fromCodePoint(code - 0x60)
    else out += ch
  }
  return out
}

/** Spaces, punctuation and symbols that only separate words; dropped so that patterns match across them. */
const SEPARATORS = /[\s\p{P}\p{S}]+/gu

/** `fold`, then without separators: the form thesaurus patterns are matched against. */
export const foldCompact = (text: string): string => fold(text).replace(SEPARATORS, '')

/** Katakana → hiragana only (for kuromoji's katakana readings). */
export const toHiragana = (text: string): string => fold(text)
