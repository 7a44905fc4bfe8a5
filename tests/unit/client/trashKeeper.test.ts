/**
 * The keeper's judgement of an overwritten edit, on two in-memory docs: the tablet (with its keeper,
 * nothing confirmed) and the server's side, exchanging updates as the provider would.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DeletedEditKeeper } from '../../../client/sync/trashKeeper.ts'
import { addNote, editNoteText, getNote, setNoteColor } from '../../../shared/ops/notes.ts'
import { listTrash } from '../../../shared/trash.ts'
import type { ParticipantId } from '../../../shared/ids.ts'

const hanako = 'p_hanako' as ParticipantId
const remote = Symbol('server')

/** A tablet (client id 1, loses ties) and the server's doc (client id 9) that share a note of hanako's. */
async function setUp() {
  const tablet = new Y.Doc()
  tablet.clientID = 1
  const server = new Y.Doc()
  server.clientID = 9
  const note = addNote(server, { text: 'バス停', canvas: 'need', color: 'yellow', authorId: hanako, authorName: 'はなこ', table: '' })
  Y.applyUpdate(tablet, Y.encodeStateAsUpdate(server), remote)
  const kept: string[] = []
  const keeper = new DeletedEditKeeper(tablet, { remote, confirmed: (id) => id.client !== tablet.clientID, onKept: (_n, reason) => kept.push(reason) })
  keeper.setAuthor(hanako)
  const fromServer = () => Y.applyUpdate(tablet, Y.encodeStateAsUpdate(server, Y.encodeStateVector(tablet)), remote)
  const toServer = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(tablet, Y.encodeStateVector(server)))
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  return { tablet, server, note, kept, fromServer, toServer, settle }
}

describe('DeletedEditKeeper and an overwritten edit', () => {
  it('keeps the tablet’s colour when a concurrent colour change wins', async () => {
    const { tablet, server, note, kept, fromServer, settle } = await setUp()
    setNoteColor(tablet, note.id, 'blue')
    setNoteColor(server, note.id, 'pink')
    fromServer()
    await settle()
    expect(getNote(tablet, note.id)?.color).toBe('pink')
    expect(listTrash(tablet).map((e) => [e.reason, e.note.color])).toEqual([['overwritten-while-edited', 'blue']])
    expect(kept).toEqual(['overwritten-while-edited'])
  })

  it('keeps nothing when the other edit was written after the tablet’s had arrived (a deliberate change)', async () => {
    const { tablet, server, note, kept, fromServer, toServer, settle } = await setUp()
    editNoteText(tablet, note.id, 'バス停が遠い')
    toServer()
    // The facilitator read the tablet's words and changed them; the Ack has not reached the tablet yet.
    editNoteText(server, note.id, 'バス停が遠い（要確認）')
    fromServer()
    await settle()
    expect(getNote(tablet, note.id)?.text).toBe('バス停が遠い（要確認）')
    expect(listTrash(tablet)).toEqual([])
    expect(kept).toEqual([])
  })

  it('keeps nothing when another field changed meanwhile', async () => {
    const { tablet, server, note, kept, fromServer, settle } = await setUp()
    editNoteText(tablet, note.id, 'バス停が遠い')
    setNoteColor(server, note.id, 'green')
    fromServer()
    await settle()
    expect(getNote(tablet, note.id)).toMatchObject({ text: 'バス停が遠い', color: 'green' })
    expect(listTrash(tablet)).toEqual([])
    expect(kept).toEqual([])
  })
})
