/**
 * Presence after a dropped connection: the laptop counts the tablets again as soon as it is back on
 * the server, not once each tablet happens to renew its presence. Real server on port 0, real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { forgetOthersOnDisconnect } from '../../../client/sync/presence.ts'

let t: TestServer
beforeAll(async () => {
  t = await startServer()
})
afterAll(async () => {
  await t.close()
})

describe('forgetOthersOnDisconnect', () => {
  it('shows a tablet that stayed connected as soon as the laptop reconnects', async () => {
    const s = await createSession(t.http)
    const tablet = yClient(t.ws, s.sessionId, 'board', (await join(t.http, s.joinCode, '田中')).participantToken)
    const laptop = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    forgetOthersOnDisconnect(laptop.provider)
    await Promise.all([synced(tablet), synced(laptop)])
    tablet.provider.awareness.setLocalState({ here: true })
    const seen = () => laptop.provider.awareness.getStates().has(tablet.doc.clientID)
    await waitFor(seen, 'the tablet on the laptop')

    // The laptop's Wi-Fi drops and comes back; the tablet's presence does not change meanwhile.
    laptop.provider.ws!.close()
    await waitFor(() => !laptop.provider.synced, 'the laptop disconnected')
    expect(seen()).toBe(false)
    await synced(laptop)
    // The server sends everyone's presence before its answer to the laptop's sync: it is here by now.
    expect(seen()).toBe(true)
    tablet.destroy()
    laptop.destroy()
  })
})
