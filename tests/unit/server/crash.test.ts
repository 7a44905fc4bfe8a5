import { describe, expect, it } from 'vitest'
import { createSession, join, tempDir, waitFor } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { startChildServer } from '../../helpers/childServer.ts'
import { addNote, listNotes } from '../../../shared/ops/notes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const note = (text: string, authorId: string) => ({ text, canvas: 'need' as const, color: 'yellow' as const, authorId: authorId as ParticipantId, authorName: '', table: '' })

describe('a server killed with SIGKILL', () => {
  it('keeps every update it relayed, three kills in a row, with no duplicates', async () => {
    const dataDir = tempDir()
    let server = await startChildServer(dataDir)
    const session = await createSession(server.http)
    const participant = await join(server.http, session.joinCode)
    const relayed: string[] = []
    for (let round = 0; round < 3; round++) {
      const writer = yClient(server.ws, session.sessionId, 'board', participant.participantToken)
      const watcher = yClient(server.ws, session.sessionId, 'board', session.facilitatorKey)
      await Promise.all([synced(writer), synced(watcher)])
      const text = `停電の前に書いた付箋 ${round + 1}`
      addNote(writer.doc, note(text, participant.participantId))
      await waitFor(() => listNotes(watcher.doc).some((n) => n.text === text), 'relayed to the watcher')
      relayed.push(text)
      // Killed the moment another client has seen it.
      await server.kill('SIGKILL')
      writer.destroy()
      watcher.destroy()
      server = await startChildServer(dataDir)
      const reader = yClient(server.ws, session.sessionId, 'board', session.facilitatorKey)
      await synced(reader)
      // The first sync after the restart is never empty and holds each relayed note exactly once.
      expect(listNotes(reader.doc).map((n) => n.text).sort()).toEqual([...relayed].sort())
      reader.destroy()
    }
    await server.kill('SIGTERM')
  }, 120_000)
})
