import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSession, join, startServer, waitFor, type TestServer } from '../../helpers/server.ts'
import { RawClient, synced, syncUpdateMessage, yClient } from '../../helpers/clients.ts'
import { CloseCode } from '../../../shared/protocol.ts'
import { addNote, deleteNote, editNoteText, getNote, listNotes, moveNote, setNoteColor, setNoteHidden } from '../../../shared/ops/notes.ts'
import { keepInTrash, keepOverwritten, listTrash, restoreFromTrash, trashEntryKey, trashKey, trashMap } from '../../../shared/trash.ts'
import { dissolveGroup, groupNotes, listGroups, renameGroup } from '../../../shared/ops/groups.ts'
import { linkItems, listLinks } from '../../../shared/ops/links.ts'
import { setLock } from '../../../shared/control.ts'
import { readLikes, toggleLike } from '../../../shared/ops/likes.ts'
import type { ParticipantId } from '../../../shared/ids.ts'
import type { CreatedSession, JoinResult } from '../../../shared/session.ts'
import type { Canvas } from '../../../shared/schema.ts'

const note = (text: string, author: JoinResult | 'facilitator', table = '', canvas: Canvas = 'need') => ({
  text,
  canvas,
  color: 'yellow' as const,
  authorId: (author === 'facilitator' ? 'facilitator' : author.participantId) as ParticipantId,
  authorName: '',
  table,
})

describe('what a participant may change on the board', () => {
  let t: TestServer
  let s: CreatedSession
  let alice: JoinResult
  let bob: JoinResult
  const boardName = () => `${s.sessionId}/board`
  const serverDoc = () => t.server.rooms.open(boardName(), 'board').doc

  /** Makes a change on a copy of the server's board and sends just that change from `who`'s socket. */
  async function attempt(who: JoinResult, change: (doc: Y.Doc) => void): Promise<{ code: number | null; applied: boolean }> {
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(serverDoc()))
    const content = () => JSON.stringify(serverDoc().toJSON())
    const before = content()
    const updates: Uint8Array[] = []
    local.on('update', (u: Uint8Array) => updates.push(u))
    change(local)
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${who.participantToken}`)
    await raw.open()
    raw.send(syncUpdateMessage(Y.mergeUpdates(updates)))
    // A marker from the facilitator after the attempt shows when the server has dealt with it.
    const marker = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(marker)
    const markerNote = addNote(marker.doc, note('目印', 'facilitator'))
    await waitFor(() => serverDoc().getMap('notes').has(markerNote.id), 'marker')
    deleteNote(marker.doc, markerNote.id)
    await waitFor(() => !serverDoc().getMap('notes').has(markerNote.id), 'marker removed')
    marker.destroy()
    const code = raw.closeCode
    raw.close()
    // Applied: the server has structs from this copy (insertions) or its content changed (deletions).
    const inserted = Y.getState(serverDoc().store, local.clientID) > 0
    return { code, applied: inserted || content() !== before }
  }

  beforeAll(async () => {
    t = await startServer()
    s = await createSession(t.http)
    alice = await join(t.http, s.joinCode, 'アリス')
    bob = await join(t.http, s.joinCode, 'ボブ')
    const a = yClient(t.ws, s.sessionId, 'board', alice.participantToken)
    await synced(a)
    addNote(a.doc, note('アリスの付箋', alice))
    addNote(a.doc, note('アリスの二枚目', alice))
    await waitFor(() => listNotes(serverDoc()).length === 2, 'alice’s notes stored')
    a.destroy()
  })
  afterAll(async () => {
    await t.close()
  })

  const aliceNote = () => listNotes(serverDoc()).find((n) => n.text.startsWith('アリスの付箋'))!

  it('lets a participant move and group another’s note at their table', async () => {
    const moved = await attempt(bob, (doc) => moveNote(doc, aliceNote().id, { x: 500, y: 300 }))
    expect(moved).toEqual({ code: null, applied: true })
    expect(aliceNote().pos).toEqual({ x: 500, y: 300 })
    const second = listNotes(serverDoc()).find((n) => n.text === 'アリスの二枚目')!
    const grouped = await attempt(bob, (doc) => {
      const g = groupNotes(doc, aliceNote().id, second.id)
      renameGroup(doc, g.id, '買い物')
    })
    expect(grouped).toEqual({ code: null, applied: true })
  })

  it('lets a participant take apart (グループを解く) a group at their table: the frame, its 表札 and its links go', async () => {
    const second = listNotes(serverDoc()).find((n) => n.text === 'アリスの二枚目')!
    let groupId = ''
    const grouped = await attempt(bob, (doc) => {
      const g = groupNotes(doc, aliceNote().id, second.id)
      renameGroup(doc, g.id, '移動')
      linkItems(doc, { type: 'group', id: g.id }, { type: 'note', id: second.id })
      groupId = g.id
    })
    expect(grouped).toEqual({ code: null, applied: true })
    const dissolved = await attempt(bob, (doc) => dissolveGroup(doc, groupId as never))
    expect(dissolved).toEqual({ code: null, applied: true })
    expect(listGroups(serverDoc()).some((g) => g.id === groupId)).toBe(false)
    expect(listNotes(serverDoc()).filter((n) => n.id === aliceNote().id || n.id === second.id).map((n) => n.groupId)).toEqual([undefined, undefined])
    expect(listLinks(serverDoc()).some((l) => l.from.id === groupId || l.to.id === groupId)).toBe(false)
  })

  it('lets a participant like a note once, in their own name', async () => {
    expect(await attempt(bob, (doc) => toggleLike(doc, aliceNote().id, bob.participantId))).toEqual({ code: null, applied: true })
    expect(readLikes(serverDoc())[aliceNote().id]).toEqual([bob.participantId])
  })

  it('lets a participant write and delete their own notes', async () => {
    let id = ''
    expect(await attempt(bob, (doc) => (id = addNote(doc, { ...note('ボブの付箋', bob), speaker: { age: '70代', role: '住民' } }).id))).toEqual({ code: null, applied: true })
    expect(listNotes(serverDoc()).find((n) => n.id === id)?.speaker).toEqual({ age: '70代', role: '住民' })
    expect(await attempt(bob, (doc) => editNoteText(doc, id as never, 'ボブの付箋（直した）'))).toEqual({ code: null, applied: true })
    expect(await attempt(bob, (doc) => deleteNote(doc, id as never))).toEqual({ code: null, applied: true })
    expect(listNotes(serverDoc()).some((n) => n.text.startsWith('ボブの付箋'))).toBe(false)
  })

  const forbidden: Array<[string, (doc: Y.Doc) => void]> = [
    ['edit the text of another’s note', (doc) => editNoteText(doc, aliceNote().id, 'ボブが書き換えた')],
    ['change the colour of another’s note', (doc) => setNoteColor(doc, aliceNote().id, 'pink')],
    ['delete another’s note', (doc) => deleteNote(doc, aliceNote().id)],
    ['post a note in another’s name', (doc) => addNote(doc, note('なりすまし', alice))],
    ['post a note at another table', (doc) => addNote(doc, note('よそのテーブル', bob, '南町'))],
    ['rewrite the author of a note', (doc) => doc.getMap<Y.Map<unknown>>('notes').get(aliceNote().id)!.set('authorId', bob.participantId)],
    ['move a note to another canvas', (doc) => doc.getMap<Y.Map<unknown>>('notes').get(aliceNote().id)!.set('canvas', 'action')],
    ['hide a note (only the facilitator moderates)', (doc) => setNoteHidden(doc, aliceNote().id, true)],
    ['like a note in another’s name', (doc) => doc.getMap('likes').set(`${aliceNote().id}:${alice.participantId}`, true)],
    ['leave a comment at another table when no gallery walk is on', (doc) => addNote(doc, { ...note('コメント', bob, '南町'), comment: true })],
    ['write a note longer than 200 characters', (doc) => {
      const ymap = new Y.Map<unknown>()
      doc.getMap('notes').set('n_toolong', ymap)
      for (const [k, v] of Object.entries({ ...note('長'.repeat(201), bob), id: 'n_toolong', createdAt: 1, pos: { x: 0, y: 0 } })) ymap.set(k, v)
    }],
    ['move a note to a position that is not a point', (doc) => doc.getMap<Y.Map<unknown>>('notes').get(aliceNote().id)!.set('pos', { x: 'far' })],
    ['write the board’s meta', (doc) => doc.getMap('meta').set('schemaVersion', 99)],
    ['write an unknown root', (doc) => doc.getMap('votes').set('x', 5)],
    ['replace another’s note with a new record', (doc) => doc.getMap('notes').set(aliceNote().id, new Y.Map())],
  ]

  for (const [what, change] of forbidden) {
    it(`refuses to let a participant ${what}: the socket closes with 4403 and nothing is applied`, async () => {
      const before = JSON.stringify(listNotes(serverDoc()))
      const result = await attempt(bob, change)
      expect(result).toEqual({ code: CloseCode.Forbidden, applied: false })
      expect(JSON.stringify(listNotes(serverDoc()))).toBe(before)
      expect(serverDoc().getMap('meta').get('schemaVersion')).toBe(1)
    })
  }

  /** A note of `who`, written through the server, then deleted by the facilitator; returns it as it was. */
  async function deletedNoteOf(who: JoinResult, text: string) {
    let id = ''
    expect(await attempt(who, (doc) => (id = addNote(doc, note(text, who)).id))).toEqual({ code: null, applied: true })
    const written = getNote(serverDoc(), id)!
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(facilitator)
    deleteNote(facilitator.doc, written.id)
    await waitFor(() => getNote(serverDoc(), written.id) === undefined, 'deleted on the server')
    facilitator.destroy()
    return written
  }

  it('accepts a tablet’s resent edit of a note deleted meanwhile, and the note stays deleted', async () => {
    let id = ''
    expect(await attempt(bob, (doc) => (id = addNote(doc, note('オフラインで直す付箋', bob)).id))).toEqual({ code: null, applied: true })
    // Bob's tablet edits and moves its copy offline …
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(serverDoc()))
    const updates: Uint8Array[] = []
    offline.on('update', (u: Uint8Array) => updates.push(u))
    editNoteText(offline, id as never, 'オフラインで直した付箋')
    moveNote(offline, id as never, { x: 10, y: 20 })
    // … while the facilitator deletes the note; then the tablet sends what it kept.
    const facilitator = yClient(t.ws, s.sessionId, 'board', s.facilitatorKey)
    await synced(facilitator)
    deleteNote(facilitator.doc, id as never)
    await waitFor(() => getNote(serverDoc(), id) === undefined, 'deleted on the server')
    const raw = new RawClient(`${t.ws}/${s.sessionId}/board?token=${bob.participantToken}`)
    await raw.open()
    raw.send(syncUpdateMessage(Y.mergeUpdates(updates)))
    await waitFor(() => Y.getState(serverDoc().store, offline.clientID) > 0 || raw.closeCode !== null, 'the resent edit handled')
    expect(raw.closeCode, 'not refused (a refusal would have the tablet resend it forever)').toBeNull()
    expect(getNote(serverDoc(), id), 'the delete wins').toBeUndefined()
    raw.close()
    facilitator.destroy()
  })

  it('lets a participant keep their own deleted note in the trash and restore it, and nothing of anyone else’s', async () => {
    const bobs = await deletedNoteOf(bob, 'ボブの消された付箋')
    const alices = await deletedNoteOf(alice, 'アリスの消された付箋')
    const edited = { ...bobs, text: 'ボブの消された付箋（書き足した）' }
    const refused = { code: CloseCode.Forbidden, applied: false }
    expect(await attempt(bob, (doc) => keepInTrash(doc, { ...alices, text: 'ボブが書いたアリスの付箋' })), 'another’s note').toEqual(refused)
    const onBoard = { ...aliceNote(), authorId: bob.participantId as ParticipantId }
    expect(await attempt(bob, (doc) => trashMap(doc).set(trashKey(onBoard), { note: onBoard, trashedAt: 1, reason: 'deleted-while-edited' })), 'a note still on the board').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(trashKey(edited), { note: edited, trashedAt: 1, reason: 'because' })), 'an invalid record').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(`n_other:${bob.participantId}`, { note: edited, trashedAt: 1, reason: 'deleted-while-edited' })), 'a record under another key').toEqual(refused)
    expect(await attempt(bob, (doc) => keepInTrash(doc, edited))).toEqual({ code: null, applied: true })
    expect(listTrash(serverDoc()).find((e) => e.note.id === bobs.id)?.note.text).toBe('ボブの消された付箋（書き足した）')
    expect(await attempt(alice, (doc) => trashMap(doc).delete(trashKey(bobs))), 'emptying another’s record').toEqual(refused)
    expect(await attempt(alice, (doc) => restoreFromTrash(doc, trashKey(bobs))), 'restoring another’s note').toEqual(refused)
    // Claiming another's deleted note in one's own name fills one's own slot only: hers stays free.
    expect(await attempt(bob, (doc) => keepInTrash(doc, { ...alices, authorId: bob.participantId as ParticipantId }))).toEqual({ code: null, applied: true })
    expect(await attempt(alice, (doc) => keepInTrash(doc, { ...alices, text: 'アリスの消された付箋（書き足した）' }))).toEqual({ code: null, applied: true })
    expect(await attempt(bob, (doc) => restoreFromTrash(doc, trashKey(bobs)))).toEqual({ code: null, applied: true })
    expect(getNote(serverDoc(), bobs.id)?.text).toBe('ボブの消された付箋（書き足した）')
    expect(listTrash(serverDoc()).some((e) => e.note.id === bobs.id)).toBe(false)
    // Two restores of one note id: the second comes back under a new id, nobody's words dropped.
    expect(await attempt(bob, (doc) => restoreFromTrash(doc, `${alices.id}:${bob.participantId}`))).toEqual({ code: null, applied: true })
    expect(await attempt(alice, (doc) => restoreFromTrash(doc, trashKey(alices)))).toEqual({ code: null, applied: true })
    expect(listNotes(serverDoc()).filter((n) => n.text.startsWith('アリスの消された付箋')).map((n) => n.text).sort()).toEqual(['アリスの消された付箋', 'アリスの消された付箋（書き足した）'])
  })

  it('lets a participant keep a copy of their own overwritten edit, validated, and restore it beside the note', async () => {
    expect(await attempt(bob, (doc) => addNote(doc, note('ボブの書き直された付箋', bob)))).toEqual({ code: null, applied: true })
    const bobs = listNotes(serverDoc()).find((n) => n.text === 'ボブの書き直された付箋')!
    const mine = { ...bobs, text: 'ボブの書き直された付箋（タブレットの版）' }
    const refused = { code: CloseCode.Forbidden, applied: false }
    const copy = (n: typeof bobs, extra: Record<string, unknown> = {}) => ({ note: n, trashedAt: 5, reason: 'overwritten-while-edited', ...extra })
    const key = (n: typeof bobs) => trashEntryKey({ note: n, trashedAt: 5, reason: 'overwritten-while-edited' })
    expect(await attempt(bob, (doc) => keepOverwritten(doc, { ...aliceNote(), text: 'ボブが書いたアリスの付箋' })), 'another’s note, in her slot').toEqual(refused)
    const claimed = { ...aliceNote(), authorId: bob.participantId as ParticipantId }
    expect(await attempt(bob, (doc) => trashMap(doc).set(key(claimed), copy(claimed))), 'another’s note on the board, claimed as one’s own').toEqual(refused)
    const never = { ...mine, id: 'n_neverontheboard' as typeof bobs.id }
    expect(await attempt(bob, (doc) => trashMap(doc).set(key(never), copy(never))), 'a note the board never had').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(key(mine), copy(mine, { reason: 'overwritten' }))), 'an unknown reason').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(`${mine.id}@5.5:${bob.participantId}`, copy(mine, { trashedAt: 5.5 }))), 'a time that is not whole').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(trashKey(mine), copy(mine))), 'a copy in the slot a delete needs').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(`${mine.id}@6:${bob.participantId}`, copy(mine))), 'a key that does not match the record').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(key(mine), copy(mine, { note: { ...mine, text: 42 } }))), 'an invalid note').toEqual(refused)
    expect(await attempt(bob, (doc) => trashMap(doc).set(key(mine), copy(mine)))).toEqual({ code: null, applied: true })
    expect(listTrash(serverDoc()).find((e) => e.note.id === bobs.id)).toMatchObject({ reason: 'overwritten-while-edited', note: { text: 'ボブの書き直された付箋（タブレットの版）' } })
    expect(await attempt(alice, (doc) => restoreFromTrash(doc, key(mine))), 'restoring another’s copy').toEqual(refused)
    // Restoring keeps the note on the board as it is, and puts the kept version beside it as a new note.
    expect(await attempt(bob, (doc) => restoreFromTrash(doc, key(mine)))).toEqual({ code: null, applied: true })
    expect(getNote(serverDoc(), bobs.id)?.text).toBe('ボブの書き直された付箋')
    const beside = listNotes(serverDoc()).find((n) => n.text === 'ボブの書き直された付箋（タブレットの版）')!
    expect(beside.id).not.toBe(bobs.id)
    expect(beside.authorId).toBe(bob.participantId)
    expect(beside.pos).toEqual({ x: bobs.pos.x + 24, y: bobs.pos.y + 24 })
    expect(listTrash(serverDoc()).some((e) => e.note.id === bobs.id)).toBe(false)
  })

  it('refuses writes on a locked canvas, and the tablet’s note arrives once it is unlocked', async () => {
    const control = yClient(t.ws, s.sessionId, 'control', s.facilitatorKey)
    await synced(control)
    setLock(control.doc, 'need', true)
    await waitFor(() => t.server.rooms.open(`${s.sessionId}/control`, 'control').doc.getMap('locks').get('need') === true, 'lock stored')
    expect(await attempt(alice, (doc) => addNote(doc, note('ロック中の付箋', alice)))).toEqual({ code: CloseCode.Forbidden, applied: false })
    expect(await attempt(alice, (doc) => addNote(doc, note('資源の付箋', alice, '', 'resource')))).toEqual({ code: null, applied: true })
    // A tablet that wrote during the lock keeps its note and sends it again after the unlock.
    const tablet = yClient(t.ws, s.sessionId, 'board', alice.participantToken)
    await synced(tablet)
    addNote(tablet.doc, note('あとで届く付箋', alice))
    await waitFor(() => tablet.provider.wsconnected === false || tablet.provider.synced === false, 'refused', 5000).catch(() => {})
    expect(listNotes(serverDoc()).some((n) => n.text === 'あとで届く付箋')).toBe(false)
    setLock(control.doc, 'need', false)
    await waitFor(() => listNotes(serverDoc()).some((n) => n.text === 'あとで届く付箋'), 'note after unlock', 20_000)
    tablet.destroy()
    control.destroy()
  }, 40_000)

  it('lets a participant who picks their table after connecting write there at once', async () => {
    const tabled = await createSession(t.http, { tables: ['北町', '南町'] })
    const carol = await join(t.http, tabled.joinCode, 'キャロル')
    const tablet = yClient(t.ws, tabled.sessionId, 'board', carol.participantToken)
    await synced(tablet)
    const res = await fetch(`${t.http}/api/sessions/${tabled.sessionId}/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${carol.participantToken}` },
      body: JSON.stringify({ table: '南町' }),
    })
    expect(res.status).toBe(200)
    addNote(tablet.doc, note('南町の付箋', carol, '南町'))
    const room = () => t.server.rooms.open(`${tabled.sessionId}/board`, 'board')
    await waitFor(() => listNotes(room().doc).some((n) => n.text === '南町の付箋'), 'note stored')
    expect(room().stats.forbiddenUpdates).toBe(0)
    tablet.destroy()
  })
})
