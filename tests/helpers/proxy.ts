/**
 * A loopback TCP proxy in front of the real server, standing in for the hall's Wi-Fi. `down()` is the
 * access point going away: bytes in flight on open connections are swallowed in both directions and
 * new connections are accepted but never answered (a tablet's socket hangs, as it does when the
 * Wi-Fi is gone, rather than being refused at once). `up()` is the Wi-Fi coming back: the stale
 * connections are reset, so every tablet notices together, and new connections pass through again.
 */
import net from 'node:net'

export interface WifiProxy {
  port: number
  /** Counts of connections the proxy accepted while up and while down. */
  readonly accepted: { up: number; down: number }
  down(): void
  up(): void
  close(): Promise<void>
}

export async function startProxy(targetPort: number): Promise<WifiProxy> {
  let isDown = false
  const accepted = { up: 0, down: 0 }
  /** Connections of the current outage (held silent) and live pairs (client, server). */
  const held = new Set<net.Socket>()
  const pairs = new Set<[net.Socket, net.Socket]>()

  const server = net.createServer((client) => {
    client.on('error', () => {})
    if (isDown) {
      accepted.down++
      held.add(client)
      client.on('data', () => {})
      client.on('close', () => held.delete(client))
      return
    }
    accepted.up++
    const upstream = net.connect(targetPort, '127.0.0.1')
    upstream.on('error', () => {})
    const pair: [net.Socket, net.Socket] = [client, upstream]
    pairs.add(pair)
    // Bytes pass only while the Wi-Fi is up; during an outage they are lost in the air.
    client.on('data', (chunk: Buffer) => {
      if (!isDown) upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (!isDown) client.write(chunk)
    })
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    // A close on either side reaches the other only while the Wi-Fi is up (down, nothing gets through).
    client.on('close', () => {
      if (!isDown) end()
    })
    upstream.on('close', () => {
      if (!isDown) end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port

  const resetAll = () => {
    for (const socket of held) socket.resetAndDestroy()
    held.clear()
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy()
      upstream.destroy()
    }
    pairs.clear()
  }

  return {
    port,
    accepted,
    down: () => {
      isDown = true
    },
    up: () => {
      isDown = false
      resetAll()
    },
    close: () =>
      new Promise((resolve) => {
        isDown = false
        resetAll()
        server.close(() => resolve())
      }),
  }
}
