/**
 * Small runtime validators for untrusted input (HTTP bodies, records read from a Yjs document).
 * Keys such as `__proto__` or `constructor` are refused outright, and only own properties are read.
 */

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Why a value was refused, where a caller words the refusal for a person (e.g. 「タイトルは100文字までです。」). */
export type IssueReason = 'type' | 'too-short' | 'too-long'
export type Issue = { path: string; message: string; reason?: IssueReason }
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** True when an object (deeply) carries a key that could reach a prototype. */
export function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (depth > 32) return true
  if (Array.isArray(value)) return value.some((v) => hasForbiddenKey(v, depth + 1))
  if (value === null || typeof value !== 'object') return false
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return true
    if (hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1)) return true
  }
  return false
}

/** Reads an own property only: never one inherited from a prototype. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export const charLength = (text: string): number => [...text].length

/** The first `max` characters (code points): never cut through a pair (𠮷, an emoji), which would leave half of it. */
export const cutChars = (text: string, max: number): string => [...text].slice(0, max).join('')

export function checkString(
  issues: Issue[],
  path: string,
  value: unknown,
  opts: { min?: number; max: number; optional?: boolean },
): string | undefined {
  if (value === undefined && opts.optional) return undefined
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string', reason: 'type' })
    return undefined
  }
  const min = opts.min ?? 0
  // A string has between half its UTF-16 length (all pairs) and its whole length in characters: most
  // are within bounds either way, and need no counting (a thousand notes' fields are read on a tablet's
  // first render; bench B5).
  if (value.length <= opts.max && Math.ceil(value.length / 2) >= min) return value
  const len = charLength(value)
  if (len < min) issues.push({ path, message: `must have at least ${min} characters`, reason: 'too-short' })
  if (len > opts.max) issues.push({ path, message: `must have at most ${opts.max} characters`, reason: 'too-long' })
  return value
}

/**
 * Replaces lone UTF-16 surrogates (half an emoji) with U+FFFD. Yjs' encoder does that on the wire, so
 * text kept with a lone surrogate locally would differ from every other tablet's copy.
 */
export const wellFormed = (text: string): string =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
