/**
 * A gentle guard before posting: notes can be about vulnerable neighbours, so text that looks like it
 * identifies a person (a phone number, a name with さん・様・氏・ちゃん・くん, a 番地-style address) makes
 * the tablet ask first. It only asks; the writer may edit or post anyway.
 */
export type PrivacyHint = 'phone' | 'name' | 'address'

const PHONE = /(?:0\d{1,4}[-(（ー－\s]?\d{1,4}[-)）ー－\s]?\d{3,4})|(?:\d{10,11})/
/** A name-like run of kanji/kana (2–6 chars, not starting with a particle) followed by an honorific. */
const NAME = /[一-龯々ァ-ヶー]{1,5}[一-龯々ァ-ヶぁ-んー]?(?:さん|様|さま|氏|ちゃん|くん|君)/
const ADDRESS = /(?:\d+|[一二三四五六七八九十]+)丁目|\d+番地?|\d+[-－ー]\d+(?:[-－ー]\d+)?号?|\d+号室/

/** Words with さん that name a role or a place rather than a person. */
const NOT_A_NAME = /(?:息子|娘|奥|旦那|お父|お母|おじい|おばあ|お爺|お婆|お子|子ども|お孫|孫|嫁|お嫁|親御|ご家族|家族|お年寄り|若い|お医者|看護師|保健師|民生委員|ヘルパー|お隣|隣|近所|ご近所|お店|店員|大家|お巡り|郵便屋|八百屋|魚屋|米屋|床屋|お寺|神主|住職|先生|みな|皆)(?:さん|様|さま)/g

export function privacyHints(rawText: string): PrivacyHint[] {
  const text = rawText.normalize('NFKC')
  const hints: PrivacyHint[] = []
  if (PHONE.test(text)) hints.push('phone')
  if (NAME.test(text.replace(NOT_A_NAME, ''))) hints.push('name')
  if (ADDRESS.test(text)) hints.push('address')
  return hints
}
