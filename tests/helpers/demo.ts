/**
 * Creates a demo session on a running server, filled with the sample 住民懇談会, and prints its links:
 *   npx tsx tests/helpers/demo.ts http://localhost:8080 [--no-plan]
 */
import * as Y from 'yjs'
import { createSession, join, waitFor } from './server.ts'
import { synced, yClient } from './clients.ts'
import { loadSampleFixture, seedBoardWithGroups, seedPlan } from './seed.ts'

const base = process.argv[2] ?? 'http://localhost:8080'
const fixture = loadSampleFixture()
const session = await createSession(base, { ...fixture.session })
const client = yClient(base.replace(/^http/, 'ws') + '/ws', session.sessionId, 'board', session.facilitatorKey, new Y.Doc())
await synced(client)
const { groupIds } = seedBoardWithGroups(client.doc, fixture)
const room = client.doc
await waitFor(() => client.provider.wsconnected && room.getMap('notes').size === fixture.notes.length, 'seeded')
// The fixture's plan items too, drafted from their groups, unless asked for a board only.
const control = yClient(base.replace(/^http/, 'ws') + '/ws', session.sessionId, 'control', session.facilitatorKey, new Y.Doc())
await synced(control)
if (!process.argv.includes('--no-plan')) seedPlan(control.doc, client.doc, groupIds, fixture)
// Give the last update a moment to reach the server before closing.
await new Promise((r) => setTimeout(r, 300))
client.destroy()
control.destroy()
const participant = await join(base, session.joinCode, 'デモ')
process.stdout.write(JSON.stringify({ ...session, participantToken: participant.participantToken }, null, 2) + '\n')
process.exit(0)
