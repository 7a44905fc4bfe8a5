/**
 * The policy for a note deleted while a tablet that edited it was offline (shared/trash.ts): the
 * delete wins, and the tablet's edited version goes to the trash, from which the facilitator or the
 * author restores it. Through the real server, with the tablet's own keeper (client/sync/trashKeeper.ts)
 * and the server's Ack telling it what is stored, as on the participant page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { synced, yClient } from '../../helpers/clients.ts'
import { DeletedEditKeeper } from '../../../client/sync/trashKeeper.ts'
import { addNote, deleteNote, editNoteText, getNote, listNotes } from '../../../shared/ops/notes.ts'
import { listTrash, discardFromTrash, restoreFromTrash, trashEntryKey, trashFor, trashKey } from '../../../shared/trash.ts'
import { MessageType, docName } from '../../../shared/protocol.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'

/** A participant's tablet: provider with acknowledgements, and the keeper wired as DocConnection does. */
function tablet(t: TestServer, session: CreatedSession, who: JoinResult, clientID?: number) {
  const doc = new Y.Doc()
  if (clientID !== undefined) doc.clientID = clientID
  const provider = new WebsocketProvider(t.ws, `${session.sessionId}/board`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: who.participantToken, ack: '1' },
    disableBc: true,
  })
  let stored = new Map<number, number>()
  const closes: number[] = []
  provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code))
  const keeper = new DeletedEditKeeper(doc, {
    remote: provider,
    confirmed: (id) => id.client !== doc.clientID || id.clock < (stored.get(id.client) ?? 0),
  })
  provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
    stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
    keeper.rescan()
  }
  keeper.setAuthor(who.participantId)
  return {
    doc,
    provider,
    closes,
    isStored: () => (stored.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID),
    destroy() {
      keeper.destroy()
      provider.destroy()
    },
  }
}

describe('a note deleted while its tablet edited it offline', () => {
  let t: TestServer
  let s: CreatedSession
  let hanako: JoinResult
  const serverDoc = () => t.server.rooms.open(docName(s.sessionId, 'board'), 'board').doc
  const storedDoc = () => {
    const doc = new Y.Doc()
    for (const update of t.server.store.load(docName(s.sessionId, 'board')).updates) Y.applyUpdate(doc, update)
    return doc
  }

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    hanako = await join(t.http, s.joinCode, 'はなこ')
  })
  afterAll(async () => {
    await t.close()
  })

  async function offlineEditThenDelete(text: string) {
    const tab = tablet(t, s, hanako)
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(facilitator), waitFor(() => tab.provider.synced, 'tablet sync')])
    const note = addNote(tab.doc, { text, canvas: 'need', color: 'yellow', authorId: hanako.participantId as ParticipantId, authorName: 'はなこ', table: '' })
    await waitFor(tab.isStored, 'the note acknowledged as stored')
    await waitFor(() => getNote(facilitator.doc, note.id) !== undefined, 'the facilitator sees the note')

    // The Wi-Fi drops; the tablet keeps editing its note. Meanwhile the facilitator deletes it.
    tab.provider.disconnect()
    editNoteText(tab.doc, note.id, `${text}（オフラインで書き足した）`)
    deleteNote(facilitator.doc, note.id)
    await waitFor(() => getNote(serverDoc(), note.id) === undefined, 'the delete reaches the server')

    // Back online: the delete wins, the edit goes to the trash, nothing is refused.
    tab.provider.connect()
    await waitFor(() => listTrash(serverDoc()).some((e) => e.note.id === note.id), 'the edited version in the trash on the server')
    return { tab, facilitator, note }
  }

  it('keeps the edited version in the trash, restorable by the facilitator', async () => {
    const { tab, facilitator, note } = await offlineEditThenDelete('回覧板が回ってこない')
    const entry = listTrash(serverDoc()).find((e) => e.note.id === note.id)!
    expect(entry.note.text).toBe('回覧板が回ってこない（オフラインで書き足した）')
    expect(entry.note.authorId).toBe(hanako.participantId)
    expect(getNote(serverDoc(), note.id), 'the delete wins').toBeUndefined()
    expect(tab.closes, 'nothing the tablet sent was refused').toEqual([])
    // Stored, not just in memory (the server's memory has it a moment before the batch is written).
    await waitFor(() => listTrash(storedDoc()).some((e) => e.note.text === '回覧板が回ってこない（オフラインで書き足した）'), 'the trash entry stored')
    // Who sees it: the facilitator and the author, nobody else.
    await waitFor(() => listTrash(facilitator.doc).some((e) => e.note.id === note.id), 'the facilitator sees the trash')
    expect(trashFor(listTrash(facilitator.doc), { role: 'facilitator', id: 'facilitator' }).map((e) => e.note.id)).toContain(note.id)
    expect(trashFor(listTrash(facilitator.doc), { role: 'participant', id: 'p_someone_else' })).toEqual([])

    restoreFromTrash(facilitator.doc, trashKey(entry.note))
    await waitFor(() => getNote(tab.doc, note.id)?.text === '回覧板が回ってこない（オフラインで書き足した）', 'restored on the tablet')
    expect(listTrash(serverDoc()).some((e) => e.note.id === note.id)).toBe(false)
    expect(listNotes(storedDoc()).filter((n) => n.id === note.id)).toHaveLength(1)
    tab.destroy()
    facilitator.destroy()
  })

  it('lets the author restore their own note from the trash', async () => {
    const { tab, facilitator, note } = await offlineEditThenDelete('ゴミ出しの日がわからない')
    await waitFor(() => listTrash(tab.doc).some((e) => e.note.id === note.id), 'the tablet sees its trash record')
    restoreFromTrash(tab.doc, `${note.id}:${hanako.participantId}`)
    await waitFor(() => getNote(serverDoc(), note.id)?.text === 'ゴミ出しの日がわからない（オフラインで書き足した）', 'restored on the server')
    await waitFor(() => getNote(facilitator.doc, note.id) !== undefined, 'the facilitator sees it back')
    expect(listTrash(serverDoc()).some((e) => e.note.id === note.id)).toBe(false)
    expect(tab.closes).toEqual([])
    tab.destroy()
    facilitator.destroy()
  })

  it('lets the author throw their edited version away for good, and nobody else’s', async () => {
    const { tab, facilitator, note } = await offlineEditThenDelete('街灯が暗い')
    await waitFor(() => listTrash(tab.doc).some((e) => e.note.id === note.id), 'the tablet sees its trash record')
    await waitFor(() => listTrash(facilitator.doc).some((e) => e.note.id === note.id), 'the facilitator sees it too')
    // Another participant cannot throw it away: the server refuses and closes that socket.
    const taro = await join(t.http, s.joinCode, 'たろう')
    const other = tablet(t, s, taro)
    await waitFor(() => other.provider.synced, 'the other tablet synced')
    discardFromTrash(other.doc, `${note.id}:${hanako.participantId}`)
    await waitFor(() => other.closes.length > 0, 'the other tablet refused')
    expect(listTrash(serverDoc()).some((e) => e.note.id === note.id)).toBe(true)
    other.destroy()
    discardFromTrash(tab.doc, `${note.id}:${hanako.participantId}`)
    await waitFor(() => !listTrash(serverDoc()).some((e) => e.note.id === note.id), 'gone on the server')
    expect(getNote(serverDoc(), note.id)).toBeUndefined()
    await waitFor(() => !listTrash(storedDoc()).some((e) => e.note.id === note.id), 'gone from storage too')
    expect(tab.closes).toEqual([])
    tab.destroy()
    facilitator.destroy()
  })

  it('keeps nothing when the tablet’s edit had reached the server before the delete', async () => {
    const tab = tablet(t, s, hanako)
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await Promise.all([synced(facilitator), waitFor(() => tab.provider.synced, 'tablet sync')])
    const note = addNote(tab.doc, { text: '街灯が少ない', canvas: 'need', color: 'yellow', authorId: hanako.participantId as ParticipantId, authorName: '', table: '' })
    editNoteText(tab.doc, note.id, '街灯が少なくて暗い')
    await waitFor(tab.isStored, 'the edit acknowledged as stored')
    await waitFor(() => getNote(facilitator.doc, note.id)?.text === '街灯が少なくて暗い', 'the facilitator saw the edit')
    const before = listTrash(serverDoc()).length
    deleteNote(facilitator.doc, note.id)
    await waitFor(() => getNote(tab.doc, note.id) === undefined, 'the delete reaches the tablet')
    // A marker round trip, so a trash write (if any) would have reached the server.
    const marker = addNote(tab.doc, { text: '目印', canvas: 'need', color: 'blue', authorId: hanako.participantId as ParticipantId, authorName: '', table: '' })
    await waitFor(() => getNote(serverDoc(), marker.id) !== undefined, 'marker')
    expect(listTrash(serverDoc())).toHaveLength(before)
    tab.destroy()
    facilitator.destroy()
  })
})

/**
 * A note whose text the facilitator edits while its author's tablet, offline, edits it too: Yjs keeps
 * one value per key (the higher client id wins when both were written without seeing the other), so
 * the test sets the client ids to play out both orders. Whichever wins, the resident's words stay:
 * on the note, or as a copy in the trash (shared/trash.ts, 'overwritten-while-edited').
 */
describe('a note whose text the facilitator edits while its tablet edits it offline', () => {
  let t: TestServer
  let s: CreatedSession
  let hanako: JoinResult
  const serverDoc = () => t.server.rooms.open(docName(s.sessionId, 'board'), 'board').doc

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    hanako = await join(t.http, s.joinCode, 'はなこ')
  })
  afterAll(async () => {
    await t.close()
  })

  async function concurrentEdits(ids: { tablet: number; facilitator: number }, texts: { tablet: string; facilitator: string }) {
    const tab = tablet(t, s, hanako, ids.tablet)
    const facilitatorDoc = new Y.Doc()
    facilitatorDoc.clientID = ids.facilitator
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey, facilitatorDoc)
    await Promise.all([synced(facilitator), waitFor(() => tab.provider.synced, 'tablet sync')])
    const note = addNote(tab.doc, { text: '公園のベンチ', canvas: 'need', color: 'yellow', authorId: hanako.participantId as ParticipantId, authorName: 'はなこ', table: '' })
    await waitFor(tab.isStored, 'the note acknowledged as stored')
    await waitFor(() => getNote(facilitator.doc, note.id) !== undefined, 'the facilitator sees the note')

    tab.provider.disconnect()
    editNoteText(tab.doc, note.id, texts.tablet)
    editNoteText(facilitator.doc, note.id, texts.facilitator)
    await waitFor(() => getNote(serverDoc(), note.id)?.text === texts.facilitator, 'the facilitator’s edit reaches the server')

    tab.provider.connect()
    await waitFor(() => tab.provider.synced && tab.isStored(), 'the tablet back and its edits stored')
    await waitFor(() => getNote(facilitator.doc, note.id)?.text === getNote(tab.doc, note.id)?.text, 'both see the same note')
    // A marker round trip, so a trash write (if any) has reached the server.
    const marker = addNote(tab.doc, { text: '目印', canvas: 'need', color: 'blue', authorId: hanako.participantId as ParticipantId, authorName: '', table: '' })
    await waitFor(() => getNote(serverDoc(), marker.id) !== undefined, 'marker')
    deleteNote(tab.doc, marker.id)
    await waitFor(() => getNote(serverDoc(), marker.id) === undefined, 'marker removed')
    const copies = listTrash(serverDoc()).filter((e) => e.note.id === note.id)
    return { tab, facilitator, note, copies, onBoard: getNote(serverDoc(), note.id)! }
  }

  it('keeps the resident’s words in the trash when the facilitator’s edit wins, and puts them back beside the note', async () => {
    const { tab, facilitator, note, copies, onBoard } = await concurrentEdits(
      { tablet: 101, facilitator: 4_000_000_001 },
      { tablet: '公園のベンチが壊れていて座れない', facilitator: '公園のベンチ（修理が必要）' },
    )
    expect(onBoard.text, 'the facilitator’s edit won').toBe('公園のベンチ（修理が必要）')
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ reason: 'overwritten-while-edited', note: { text: '公園のベンチが壊れていて座れない', authorId: hanako.participantId } })
    expect(tab.closes, 'nothing the tablet sent was refused').toEqual([])
    await waitFor(() => listTrash(facilitator.doc).some((e) => e.note.id === note.id), 'the facilitator sees the copy')
    expect(trashFor(listTrash(tab.doc), { role: 'participant', id: hanako.participantId }).map((e) => e.reason)).toContain('overwritten-while-edited')

    // 戻す: the note stays as the facilitator left it; the resident's version comes back beside it.
    restoreFromTrash(tab.doc, trashEntryKey(copies[0]!))
    await waitFor(() => listNotes(serverDoc()).some((n) => n.text === '公園のベンチが壊れていて座れない'), 'restored on the server')
    expect(getNote(serverDoc(), note.id)?.text).toBe('公園のベンチ（修理が必要）')
    expect(listTrash(serverDoc()).some((e) => e.note.id === note.id)).toBe(false)
    expect(tab.closes).toEqual([])
    tab.destroy()
    facilitator.destroy()
  })

  it('keeps nothing when the tablet’s edit wins', async () => {
    const { tab, facilitator, copies, onBoard } = await concurrentEdits(
      { tablet: 4_000_000_002, facilitator: 102 },
      { tablet: '公園のベンチが足りない', facilitator: '公園のベンチ（数）' },
    )
    expect(onBoard.text, 'the tablet’s edit won').toBe('公園のベンチが足りない')
    expect(copies).toEqual([])
    tab.destroy()
    facilitator.destroy()
  })

  it('keeps nothing when both wrote the same words', async () => {
    const { tab, facilitator, copies, onBoard } = await concurrentEdits({ tablet: 103, facilitator: 4_000_000_003 }, { tablet: '公園のベンチが古い', facilitator: '公園のベンチが古い' })
    expect(onBoard.text).toBe('公園のベンチが古い')
    expect(copies).toEqual([])
    tab.destroy()
    facilitator.destroy()
  })

  it('in either order, the resident’s words are on the note or in the trash', async () => {
    for (const [n, ids] of [{ tablet: 104, facilitator: 4_000_000_004 }, { tablet: 4_000_000_005, facilitator: 105 }].entries()) {
      const words = `集会所に手すりがほしい（${n}）`
      const { tab, facilitator, copies, onBoard } = await concurrentEdits(ids, { tablet: words, facilitator: `手すり（${n}）` })
      expect(onBoard.text === words || copies.some((e) => e.note.text === words), `order ${n}`).toBe(true)
      tab.destroy()
      facilitator.destroy()
    }
  })
})
