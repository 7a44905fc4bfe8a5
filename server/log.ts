/**
 * The only logger. It takes a path, never a full URL, so tokens in query strings cannot reach a log;
 * `redact` strips anything that looks like a secret as a second guard.
 */
export type LogSink = (line: string) => void

let sink: LogSink = (line) => process.stdout.write(line + '\n')

export function setLogSink(next: LogSink): void {
  sink = next
}

const SECRET_PATTERN = /(token|key)=[^&\s#]*/gi

export const redact = (text: string): string => text.replace(SECRET_PATTERN, '$1=[redacted]')

export function log(message: string): void {
  sink(`${new Date().toISOString()} ${redact(message)}`)
}

export function logError(context: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  log(`error ${context}: ${detail}`)
}
