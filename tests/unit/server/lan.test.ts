import { afterEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { LanChoice, lanAddresses } from '../../../server/net.ts'
import { createSession, join, startServer, tempDir, type TestServer } from '../../helpers/server.ts'

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>

const v4 = (address: string, internal = false): os.NetworkInterfaceInfo => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` })
const v6 = (address: string): os.NetworkInterfaceInfo => ({ address, family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', scopeid: 0, cidr: `${address}/64` })

describe('the LAN addresses tablets might open, likeliest first', () => {
  it('puts Wi-Fi before wired, and containers, VMs and VPNs last, whatever order the system lists them in', () => {
    const linux: Interfaces = {
      lo: [v4('127.0.0.1', true)],
      docker0: [v4('172.17.0.1')],
      tun0: [v4('10.8.0.6')],
      enp3s0: [v4('10.0.0.21')],
      wlp2s0: [v4('192.168.1.23'), v6('fe80::1')],
      tailscale0: [v4('100.101.102.103')],
    }
    expect(lanAddresses(linux).map((a) => a.address)).toEqual(['192.168.1.23', '10.0.0.21', '172.17.0.1', '10.8.0.6', '100.101.102.103'])
    const windows: Interfaces = {
      'vEthernet (WSL)': [v4('172.29.16.1')],
      'VirtualBox Host-Only Network': [v4('192.168.56.1')],
      イーサネット: [v4('10.1.2.3')],
      'Wi-Fi': [v4('192.168.0.5')],
    }
    expect(lanAddresses(windows)[0]).toEqual({ address: '192.168.0.5', iface: 'Wi-Fi' })
    expect(lanAddresses(windows)[1]!.iface).toBe('イーサネット')
  })

  it("prefers Windows' mobile hotspot (the laptop is the hall's Wi-Fi) and puts a self-assigned address late", () => {
    const list = lanAddresses({
      'Wi-Fi': [v4('169.254.10.20')],
      'ローカル エリア接続* 10': [v4('192.168.137.1')],
      イーサネット: [v4('192.168.10.4')],
    })
    expect(list.map((a) => a.address)).toEqual(['192.168.137.1', '192.168.10.4', '169.254.10.20'])
  })

  it('keeps the system order between equals and leaves out loopback and IPv6', () => {
    const list = lanAddresses({ eth0: [v4('192.168.1.2'), v6('fd00::2')], eth1: [v4('192.168.2.2')], lo: [v4('127.0.0.1', true)] })
    expect(list).toEqual([
      { address: '192.168.1.2', iface: 'eth0' },
      { address: '192.168.2.2', iface: 'eth1' },
    ])
  })
})

describe('the address the facilitator picks', () => {
  const interfaces: Interfaces = { docker0: [v4('172.17.0.1')], wlan0: [v4('192.168.1.23')] }

  it('is one of the addresses the laptop has, kept in the data folder across a restart', () => {
    const file = path.join(tempDir(), 'lan-address.txt')
    const choice = new LanChoice(file, () => interfaces)
    expect(choice.current()).toMatchObject({ chosen: '192.168.1.23', picked: false })
    expect(choice.choose('192.168.9.9')).toBe(false)
    expect(choice.choose('172.17.0.1')).toBe(true)
    expect(new LanChoice(file, () => interfaces).current()).toMatchObject({ chosen: '172.17.0.1', picked: true })
    // The picked adapter gone (the VPN disconnected), links fall back to the likeliest address.
    expect(new LanChoice(file, () => ({ wlan0: interfaces.wlan0 })).current()).toMatchObject({ chosen: '192.168.1.23', picked: false })
  })
})

/** A request as the laptop's browser sends it, with the Host it typed (fetch cannot set Host). */
function request(port: number, pathname: string, opts: { host: string; token: string; method?: string; body?: unknown }) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body)
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, method: opts.method ?? 'GET', headers: { host: opts.host, authorization: `Bearer ${opts.token}`, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('QR codes on a laptop with a VPN and a container network (server bound to every interface)', () => {
  let t: TestServer | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })
  const interfaces: Interfaces = { docker0: [v4('172.17.0.1')], tun0: [v4('10.8.0.6')], wlan0: [v4('192.168.1.23')] }

  it('carry the Wi-Fi address, list the others for the facilitator, and follow the facilitator’s pick', async () => {
    t = await startServer({ host: '0.0.0.0' }, { networkInterfaces: () => interfaces })
    const s = await createSession(t.http, { tables: ['北町'] })
    const port = t.port
    const qr = (host: string, token = s.facilitatorKey, query = '') => request(port, `/api/sessions/${s.sessionId}/join-qr${query}`, { host, token })
    const first = await qr(`localhost:${port}`)
    expect(first.body.url).toBe(`http://192.168.1.23:${port}/j/${s.joinCode}`)
    expect(first.body.lan).toEqual({ addresses: lanAddresses(interfaces), chosen: '192.168.1.23' })

    // Opened on the laptop by its VPN address: the link keeps what was typed until the facilitator picks.
    expect((await qr(`10.8.0.6:${port}`)).body.url).toBe(`http://10.8.0.6:${port}/j/${s.joinCode}`)

    const pick = (address: unknown, token = s.facilitatorKey, host = `localhost:${port}`) =>
      request(port, `/api/sessions/${s.sessionId}/lan-address`, { host, token, method: 'PUT', body: { address } })
    const bad = await pick('192.168.50.50')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: 'unknown-address', message: expect.stringMatching(/アドレス/) })
    expect((await pick(42)).status).toBe(400)
    const participant = await join(t.http, s.joinCode)
    expect((await pick('172.17.0.1', participant.participantToken)).status).toBe(401)

    expect(await pick('10.8.0.6')).toMatchObject({ status: 200, body: { chosen: '10.8.0.6' } })
    expect((await qr(`localhost:${port}`)).body.url).toBe(`http://10.8.0.6:${port}/j/${s.joinCode}`)
    // The projector's QR and a table's card carry it too.
    const projector = new URL(s.urls.projector).hash.replace('#token=', '')
    expect((await qr(`127.0.0.1:${port}`, projector)).body.url).toBe(`http://10.8.0.6:${port}/j/${s.joinCode}`)
    expect((await qr(`localhost:${port}`, s.facilitatorKey, `?table=${encodeURIComponent('北町')}`)).body.url).toBe(`http://10.8.0.6:${port}/j/${s.joinCode}?t=${encodeURIComponent('北町')}`)
    // Kept across a restart of the server on the same data folder.
    const dataDir = t.dataDir
    await t.close()
    t = await startServer({ host: '0.0.0.0', dataDir }, { networkInterfaces: () => interfaces })
    const again = await request(t.port, `/api/sessions/${s.sessionId}/join-qr`, { host: `localhost:${t.port}`, token: s.facilitatorKey })
    expect(again.body.url).toBe(`http://10.8.0.6:${t.port}/j/${s.joinCode}`)
  })

  it('say when the laptop has no address a tablet could open', async () => {
    t = await startServer({ host: '0.0.0.0' }, { networkInterfaces: () => ({ lo: [v4('127.0.0.1', true)] }) })
    const s = await createSession(t.http)
    const res = await request(t.port, `/api/sessions/${s.sessionId}/join-qr`, { host: `localhost:${t.port}`, token: s.facilitatorKey })
    expect(res.body.lan).toEqual({ addresses: [], chosen: 'localhost' })
  })

  it('cannot be changed where links do not take a LAN address (bound to one address)', async () => {
    t = await startServer({ host: '127.0.0.1' }, { networkInterfaces: () => interfaces })
    const s = await createSession(t.http)
    const qr = await request(t.port, `/api/sessions/${s.sessionId}/join-qr`, { host: `127.0.0.1:${t.port}`, token: s.facilitatorKey })
    expect(qr.body.lan).toBeUndefined()
    const res = await request(t.port, `/api/sessions/${s.sessionId}/lan-address`, { host: `127.0.0.1:${t.port}`, token: s.facilitatorKey, method: 'PUT', body: { address: '192.168.1.23' } })
    expect(res).toMatchObject({ status: 403, body: { error: 'lan-address-fixed' } })
  })
})
