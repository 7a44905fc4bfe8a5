/** A message's {placeholders} filled in; a name the params lack stays as written. */
export type Lang = 'ja' | 'en'

export function fill(template: string, params?: Record<string, string | number>): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  )
}
