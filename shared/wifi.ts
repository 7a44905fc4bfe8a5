/**
 * The hall's Wi-Fi as a QR code for the printed join cards (参加カード): a tablet's camera offers to join
 * the network it names, so nobody types a WPA password on a tablet. The text is the de facto format the
 * iOS and Android cameras read (`WIFI:T:WPA;S:…;P:…;;`, from the ZXing project's barcode contents).
 */

export interface WifiInput {
  ssid: string
  password: string
}

/** Why a network cannot be put on a card; `undefined` when it can. */
export type WifiProblem = 'ssid-missing' | 'ssid-too-long' | 'password-length'

const SSID_MAX_BYTES = 32
const WPA_MIN = 8
const WPA_MAX = 63

export function wifiProblem({ ssid, password }: WifiInput): WifiProblem | undefined {
  if (!ssid) return 'ssid-missing'
  if (new TextEncoder().encode(ssid).length > SSID_MAX_BYTES) return 'ssid-too-long'
  // An open network has no password; a WPA passphrase is 8–63 characters.
  if (password && (password.length < WPA_MIN || password.length > WPA_MAX)) return 'password-length'
  return undefined
}

/** The format's special characters, each escaped with a backslash. */
const escape = (value: string): string => value.replace(/[\\;,:"]/g, (c) => `\\${c}`)

/** The QR code's text for a WPA network, or an open one when there is no password. */
export function wifiQrText({ ssid, password }: WifiInput): string {
  return password ? `WIFI:T:WPA;S:${escape(ssid)};P:${escape(password)};;` : `WIFI:T:nopass;S:${escape(ssid)};;`
}
