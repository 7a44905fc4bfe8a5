/**
 * A demo session for grouping suggestions: its ニーズ canvas holds loose notes from the labelled set
 * (tests/fixtures/suggest-eval.ja.json), one table 北町. Prints the links and a participant token:
 *   npx tsx tests/helpers/demoSuggest.ts http://localhost:8080 [number of notes, default 24]
 */
import * as Y from 'yjs'
import { createSession, join, postJson, waitFor } from './server.ts'
import { synced, yClient } from './clients.ts'
import { loadEvalSet } from './suggestEval.ts'
import { addNote, defaultNotePosition } from '../../shared/ops/notes.ts'
import { NOTE_COLORS } from '../../shared/schema.ts'
import type { ParticipantId } from '../../shared/ids.ts'

const base = process.argv[2] ?? 'http://localhost:8080'
const count = Number(process.argv[3] ?? 24)
const session = await createSession(base, { title: 'さくら台 住民懇談会', kind: 'kondankai', tables: ['北町'] })
const client = yClient(base.replace(/^http/, 'ws') + '/ws', session.sessionId, 'board', session.facilitatorKey, new Y.Doc())
await synced(client)
// Every seventh note of the set, so that a small canvas still mixes themes and strays.
const set = loadEvalSet()
const picked = Array.from({ length: Math.min(count, set.length) }, (_, i) => set[(i * 7) % set.length]!)
picked.forEach((n, i) =>
  addNote(client.doc, { text: n.text, canvas: 'need', table: '北町', color: NOTE_COLORS[i % 5]!, authorId: 'facilitator' as ParticipantId, authorName: '', pos: defaultNotePosition(i) }),
)
await waitFor(() => client.provider.wsconnected && client.doc.getMap('notes').size === picked.length, 'seeded')
await new Promise((r) => setTimeout(r, 300))
client.destroy()
const participant = await join(base, session.joinCode, 'さくら')
await postJson(base, `/api/sessions/${session.sessionId}/me`, { table: '北町' }, { authorization: `Bearer ${participant.participantToken}` })
process.stdout.write(JSON.stringify({ ...session, participantToken: participant.participantToken }, null, 2) + '\n')
process.exit(0)
