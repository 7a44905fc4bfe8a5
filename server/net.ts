/** Addresses: the LAN URLs tablets can open, and the base URL put into links and QR codes. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { IncomingMessage } from 'node:http'

/** One IPv4 address of this machine that tablets might reach, with the adapter it belongs to. */
export interface LanAddress {
  address: string
  /** The adapter's name as the system gives it (wlan0, en0, Wi-Fi, イーサネット …). */
  iface: string
}

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>

// Adapters no tablet in the hall is on: containers, virtual machines, VPNs, Apple's peer links.
const VIRTUAL = /docker|^br-|veth|virbr|^lxc|^lxd|podman|^cni|flannel|vbox|virtualbox|vmnet|vmware|vethernet|hyper-v|wsl|^tun|^tap|utun|^wg|wireguard|tailscale|^zt|zerotier|^ppp|ipsec|vpn|anyconnect|forti|globalprotect|pangp|nordlynx|npcap|loopback|awdl|llw/i
// Wi-Fi adapters: the hall's tablets are on Wi-Fi (a Mac laptop's en0 is its Wi-Fi).
const WIFI = /^wl|wi-?fi|wireless|wlan|ワイヤレス|^en0$/i
const WIRED = /^en|^eth|ethernet|イーサネット/i

function score({ address, iface }: LanAddress): number {
  const [a = 0, b = 0, c = 0] = address.split('.').map(Number)
  let s = 0
  if (VIRTUAL.test(iface)) s -= 100
  else if (WIFI.test(iface)) s += 30
  else if (WIRED.test(iface)) s += 20
  // Windows' モバイル ホットスポット: the laptop is the hall's Wi-Fi and tablets are on this one.
  if (a === 192 && b === 168 && c === 137) s += 30
  const private_ = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
  if (private_) s += 10
  if (a === 169 && b === 254) s -= 50 // no DHCP answered: a self-assigned address
  if (a === 100 && b >= 64 && b <= 127) s -= 60 // carrier-grade NAT range, which Tailscale uses
  return s
}

/**
 * This machine's IPv4 addresses that tablets might open, most likely first: Wi-Fi, then wired, then
 * anything else; containers', virtual machines' and VPNs' adapters last (a council's laptop often has a
 * VPN to the city's network, and the first address the system lists may be that one).
 */
export function lanAddresses(interfaces: Interfaces = os.networkInterfaces()): LanAddress[] {
  const out: LanAddress[] = []
  for (const [iface, list] of Object.entries(interfaces)) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) out.push({ address: info.address, iface })
    }
  }
  // Array.prototype.sort is stable: equal scores keep the system's order.
  return out.map((a) => ({ a, s: score(a) })).sort((x, y) => y.s - x.s).map(({ a }) => a)
}

/**
 * The address the facilitator picked for the QR codes when the machine has several (kept in the data
 * folder, so a restart in the middle of a session does not hand new tablets another address).
 */
export class LanChoice {
  private chosen: string | null = null
  constructor(
    private readonly file: string | null,
    readonly interfaces: () => Interfaces = () => os.networkInterfaces(),
  ) {
    if (file) {
      try {
        this.chosen = fs.readFileSync(file, 'utf8').trim() || null
      } catch {
        this.chosen = null
      }
    }
  }

  /** The candidates, most likely first; the picked one, else the likeliest (null: no LAN address at all). */
  current(): { addresses: LanAddress[]; chosen: string | null; picked: boolean } {
    const addresses = lanAddresses(this.interfaces())
    const picked = addresses.find((a) => a.address === this.chosen)
    return { addresses, chosen: (picked ?? addresses[0])?.address ?? null, picked: picked !== undefined }
  }

  /** Picks one of the current candidates; false when it is not one of them. */
  choose(address: string): boolean {
    if (!lanAddresses(this.interfaces()).some((a) => a.address === address)) return false
    this.chosen = address
    if (this.file) {
      const tmp = `${this.file}.tmp`
      fs.mkdirSync(path.dirname(this.file), { recursive: true })
      fs.writeFileSync(tmp, `${address}\n`)
      fs.renameSync(tmp, this.file)
    }
    return true
  }
}

const isLoopbackHost = (host: string): boolean =>
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host)

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === ''

export interface BaseUrlOptions {
  publicUrl: string
  bindHost: string
  port: number
  lan: LanChoice
}

/** Whether the request comes from the machine the server runs on (the facilitator's laptop). */
function fromThisMachine(req: IncomingMessage, interfaces: Interfaces): boolean {
  const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
  if (remote === '::1' || remote.startsWith('127.')) return true
  return Object.values(interfaces).some((list) => (list ?? []).some((info) => info.address === remote))
}

/**
 * Whether links for this request take the chosen LAN address: the server is bound to every interface,
 * PUBLIC_URL is not set, and the page was opened on the laptop itself — as localhost (which no tablet can
 * open), or by one of its addresses (which may be a VPN's: the choice on the facilitator page decides).
 */
export function usesLanAddress(req: IncomingMessage, opts: Omit<BaseUrlOptions, 'port'>): boolean {
  if (opts.publicUrl || !isWildcard(opts.bindHost)) return false
  return isLoopbackHost(req.headers.host ?? '127.0.0.1') || fromThisMachine(req, opts.lan.interfaces())
}

/** The base URL of links and QR codes that tablets open. */
export function publicBaseUrl(req: IncomingMessage, opts: BaseUrlOptions): string {
  if (opts.publicUrl) return opts.publicUrl
  const host = req.headers.host ?? `127.0.0.1:${opts.port}`
  if (usesLanAddress(req, opts)) {
    // Opened by one of the laptop's addresses, links keep that one unless the facilitator picked another.
    const { chosen, picked } = opts.lan.current()
    if (chosen && (picked || isLoopbackHost(host))) return `http://${chosen}:${opts.port}`
  }
  return `http://${host}`
}

/**
 * Same-origin check for WebSocket upgrades: the Origin's host must be the Host the request was sent
 * to, or one of the configured extra origins. Clients that send no Origin (not browsers) pass here
 * and are still held to their token.
 */
export function originAllowed(req: IncomingMessage, extra: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (extra.includes(origin)) return true
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === req.headers.host
  } catch {
    return false
  }
}
