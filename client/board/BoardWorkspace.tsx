/**
 * The board as a person works on it: canvas tabs, the canvas, writing a note, a tapped note's sheet,
 * per-person undo and redo. Used by the tablet and by the facilitator's laptop.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { EMPTY_BOARD, readBoardView, withoutHidden } from '../../shared/board.ts'
import { freeNotePosition, NONE_MOVED, type MovedAside } from '../../shared/ops/place.ts'
import { CANVASES, NOTE_TEXT_MAX, PLENARY_TABLE, type Canvas, type Group, type LinkEnd, type Note } from '../../shared/schema.ts'
import { addNote, deleteNote, editNoteText, listNotes, setNoteColor, setNoteHidden, NoteError } from '../../shared/ops/notes.ts'
import { dissolveGroup, GroupError, removeFromGroup, renameGroup } from '../../shared/ops/groups.ts'
import { linkedTo, linkItems, unlinkItems } from '../../shared/ops/links.ts'
import type { ParticipantId } from '../../shared/ids.ts'
import type { DocConnection } from '../sync/connection.ts'
import { useAwarenessStates, useBoardPreview, useDocValue } from '../sync/hooks.ts'
import { afterNextPaint } from '../sync/afterNextPaint.ts'
import { BoardCanvas, type RemoteDrag } from './BoardCanvas.tsx'
import { NoteSheet } from './NoteSheet.tsx'
import { citingItems, type PlanItem } from '../../shared/plan.ts'
import { NoteComposer, type ComposedNote } from '../components/NoteComposer.tsx'
import type { DropOutcome } from './dropActions.ts'
import { useUndo } from './undo.ts'
import { CanvasTabs, type CanvasChoice } from './CanvasTabs.tsx'
import { TrashPanel } from './TrashPanel.tsx'
import { DissolveConfirm } from './DissolveConfirm.tsx'
import { t, tableLabel } from '../i18n.ts'
import { gatherGroup, gatherNote } from '../../shared/ops/plenary.ts'
import { toggleLike } from '../../shared/ops/likes.ts'
import { LIMITS } from '../../shared/limits.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import type { DotsApi } from '../control/useDots.ts'
import type { Focus } from '../../shared/control.ts'
import type { SuggestAccess } from '../suggest/api.ts'
import { useSimilar } from '../suggest/useSimilar.ts'

/** まとめ案 loads on first open: the tablet's first screen does not carry it. */
const ProposalsPanel = lazy(() => import('../suggest/ProposalsPanel.tsx'))

const NO_LOCKS: ReadonlySet<Canvas> = new Set()
const NO_NOTES: Note[] = []
const NO_TABLES: string[] = []

export interface Me {
  id: string
  name: string
  table: string
  role: 'participant' | 'facilitator'
}


interface Props {
  connection: DocConnection
  me: Me
  tables: string[]
  /** The facilitator can look at any table; a participant works at their own. */
  chooseTable?: boolean
  allowAllView?: boolean
  defaultCanvas?: Canvas
  /** A canvas (and table) the session asks this screen to show; followed each time `key` changes. */
  follow?: { canvas: CanvasChoice; table?: string; key: string } | null
  /** Canvases this person may not change now (ロック); the server refuses writes there too. */
  locked?: ReadonlySet<Canvas>
  /** Notes written here that the server has not confirmed yet (未送信). */
  unsent?: ReadonlySet<string>
  /** ギャラリーウォーク: the tables a participant may visit (read, like, comment); empty when it is off. */
  visitTables?: string[]
  /** 個人ワーク: while `privateMode`, new notes go to this person's private document instead of the board. */
  privateDoc?: Y.Doc | undefined
  privateMode?: boolean
  /** Of `privateDoc`'s notes, those the server has not confirmed yet (未送信), marked as on the board. */
  privateUnsent?: ReadonlySet<string>
  /** シール投票 for this person (participants), or only the published totals (facilitator). */
  dots?: DotsApi | null
  totals?: Record<string, number> | undefined
  /** Tells the page which canvas, table and part of it are on screen (for みんなの画面を合わせる). */
  onViewChange?: (view: { canvas: CanvasChoice; table: string }) => void
  onFocusChange?: (focus: Focus) => void
  /** Session and token for grouping suggestions (まとめ案, drag highlight); none on read-only screens. */
  suggest?: SuggestAccess | null
  /** The plan: items cited on each note's sheet; the facilitator opens them and drafts new ones there. */
  plan?: { items: readonly PlanItem[]; onOpen?: (itemId: string) => void; onMake?: (from: LinkEnd) => void } | undefined
  /** Go to a note or group (from a plan item's sources): its canvas and table, and the note's sheet. */
  reveal?: { end: LinkEnd; key: string } | null
}

/** `params`: what the message names (how many notes, which group). */
interface ToastInput {
  key: MessageKey | null
  params?: Record<string, string | number>
  undo: boolean
  aside?: MovedAside
}

const DROP_MESSAGES: Partial<Record<DropOutcome, MessageKey>> = {
  grouped: 'board.grouped',
  joined: 'board.joined',
  left: 'board.left',
  nested: 'board.nested',
  outside: 'board.droppedOutside',
  gone: 'board.dragGone',
  goneGroup: 'board.dragGoneGroup',
}

/** Outcomes that changed nothing on the board: no 元に戻す. */
const NOTHING_TO_UNDO: ReadonlySet<DropOutcome> = new Set(['outside', 'gone', 'goneGroup'])

export function BoardWorkspace({ connection, me, tables, chooseTable = false, allowAllView = false, defaultCanvas = 'need', follow = null, onViewChange, locked = NO_LOCKS, dots = null, totals, privateDoc, privateMode = false, privateUnsent, onFocusChange, visitTables = NO_TABLES, unsent, suggest = null, plan, reveal = null }: Props) {
  const doc = connection.doc
  // A tablet's first visit to a large board draws a plain copy while the board itself is applied (preview.ts):
  // its notes are not moved or opened until then (a note written meanwhile goes on as usual, into the document).
  // Once a frame of the copy is painted, the board may be applied.
  const preview = useBoardPreview(connection)
  const previewing = preview !== null
  useEffect(() => (preview ? afterNextPaint(() => connection.previewDrawn()) : undefined), [preview, connection])
  const docBoard = useDocValue(doc, readBoardView, EMPTY_BOARD)
  const fullBoard = preview ?? docBoard
  const privateNotes = useDocValue(privateDoc, listNotes, NO_NOTES)
  // Hidden notes (moderation) are not drawn for participants; the facilitator sees them marked.
  const board = useMemo(
    () => (me.role === 'facilitator' ? fullBoard : withoutHidden(fullBoard)),
    [fullBoard, me.role],
  )
  const undo = useUndo(doc)
  /**
   * A toast's 元に戻す takes back the change it names only while that is this person's latest: once they make
   * another (name the group's 表札 right after making it), it would take back that one instead, so it goes.
   */
  const setToast = (next: ToastInput | null) =>
    setToastState(next && (next.undo ? { ...next, depth: undo.depthNow() } : next))
  const [view, setView] = useState<CanvasChoice>(defaultCanvas)
  const [table, setTable] = useState(me.table || (chooseTable ? (tables[0] ?? '') : ''))
  const [composing, setComposing] = useState(false)
  /**
   * A note or group its canvas brings into view: the note this device wrote last, a note a frame moved aside,
   * the group or note asked for from elsewhere (ボードで見る on 抜けの確認).
   */
  const [showItem, setShowItem] = useState<string | null>(null)
  const clearShowItem = useCallback(() => setShowItem(null), [])
  const [editing, setEditing] = useState<Note | null>(null)
  /** The note being rewritten was deleted meanwhile: the composer offers to post the text as new. */
  const [editingGone, setEditingGone] = useState(false)
  const [openId, setOpenId] = useState<string | null>(null)
  /**
   * `aside`: notes the change moved out of the way (a group frame made room), said after what was done, with
   * a button that brings the first of them into view (it may have gone below the part of the board on screen).
   */
  const [toast, setToastState] = useState<(ToastInput & { depth?: number }) | null>(null)
  /**
   * The group whose グループを解く is being asked about (by id: it is read from the board as it is now), and its
   * 表札 when asked, to name it if it goes meanwhile.
   */
  const [dissolving, setDissolving] = useState<{ id: string; title: string } | null>(null)
  const awareness = useAwarenessStates(connection)
  const [proposing, setProposing] = useState(false)
  const suggestAccess = useMemo(() => (suggest ? { sessionId: suggest.sessionId, token: suggest.token } : null), [suggest?.sessionId, suggest?.token])
  const similar = useSimilar(suggestAccess)

  // Only when the person's table or the list of tables really changes (not on every new array).
  const tablesKey = tables.join('\n')
  useEffect(() => setTable(me.table || (chooseTable ? (tables[0] ?? '') : '')), [me.table, chooseTable, tablesKey])
  // When the gallery walk ends, everyone is back at their own table.
  useEffect(() => {
    if (visitTables.length === 0 && me.role === 'participant') setTable(me.table)
  }, [visitTables.length, me.role, me.table])
  const visiting = me.role === 'participant' && table !== me.table
  useEffect(() => {
    if (!follow) return
    setView(follow.canvas === 'all' && !allowAllView ? 'need' : follow.canvas)
    if (chooseTable && follow.table && tables.includes(follow.table)) setTable(follow.table)
    // Follow when the request changes, not when the person later picks another tab.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [follow?.key])
  useEffect(() => {
    if (!reveal) return
    const target = reveal.end.type === 'note' ? board.notes.find((n) => n.id === reveal.end.id) : board.groups.find((g) => g.id === reveal.end.id)
    if (!target) return
    setView(target.canvas)
    if (chooseTable && tables.includes(target.table)) setTable(target.table)
    setOpenId(reveal.end.type === 'note' ? reveal.end.id : null)
    // Wherever the canvas was panned or zoomed: a group's frame could be left at the edge, its notes out of sight.
    setShowItem(reveal.end.id)
    // Only when a new request comes, not when the board changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal?.key])
  useEffect(() => {
    onViewChange?.({ canvas: view, table })
  }, [view, table, onViewChange])
  useEffect(() => {
    if (!toast) return undefined
    const timer = setTimeout(() => setToast(null), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  // Someone else ungrouped or deleted the group while this person's question was open: the question goes (there
  // is nothing left to ask about) and says why, as a drag does when its note goes (board.dragGone); closed
  // without a word, the resident took their tap for lost or the board for broken.
  useEffect(() => {
    if (!dissolving || board.groups.some((g) => g.id === dissolving.id)) return
    setDissolving(null)
    setToast({ key: 'board.dissolveGoneWhileAsked', params: { title: dissolving.title || t('board.untitled') }, undo: false })
    // Only when the board or the question changes; setToast is a new function on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dissolving, board.groups])

  const open = openId ? board.notes.find((n) => n.id === openId) : undefined
  const canEdit = (note: Note) => me.role === 'facilitator' || note.authorId === me.id

  const linkCounts = useMemo(() => {
    const counts = new Map<string, number>()
    for (const l of board.links) {
      for (const end of [l.from, l.to]) counts.set(`${end.type}:${end.id}`, (counts.get(`${end.type}:${end.id}`) ?? 0) + 1)
    }
    return counts
  }, [board.links])

  const remoteDrags = (canvas: Canvas): RemoteDrag[] =>
    awareness.flatMap((s) => {
      const drag = s.state.drag as { item?: unknown; x?: unknown; y?: unknown } | undefined
      if (!drag || typeof drag.item !== 'string' || typeof drag.x !== 'number' || typeof drag.y !== 'number') return []
      const [kind, id] = drag.item.split(/:(.*)/s)
      const found = kind === 'note' ? board.notes.find((n) => n.id === id) : board.groups.find((g) => g.id === id)
      if (!found || found.canvas !== canvas || found.table !== table) return []
      return [{ item: drag.item, x: drag.x, y: drag.y, name: s.user?.name ?? '' }]
    })

  /** A new note of this person's, placed in the open (not on top of a group the table has made). */
  const addMine = (target: Y.Doc, composed: ComposedNote, on: { table: string; comment: boolean }): Note =>
    addNote(
      target,
      {
        text: composed.text,
        canvas: composed.canvas,
        color: composed.color,
        ...(composed.kind ? { kind: composed.kind } : {}),
        ...(composed.speaker ? { speaker: composed.speaker } : {}),
        authorId: (me.role === 'facilitator' ? 'facilitator' : me.id) as ParticipantId,
        authorName: me.name,
        table: on.table,
        pos: freeNotePosition(readBoardView(target), composed.canvas, on.table),
        ...(on.comment ? { comment: true } : {}),
      },
      undo.origin,
    )

  const failure = (e: unknown): string => {
    if (e instanceof NoteError && e.reason === 'too-long') return t('error.noteTooLong', { max: NOTE_TEXT_MAX })
    if (e instanceof NoteError && e.reason === 'empty') return t('error.noteEmpty')
    if (e instanceof NoteError && e.reason === 'missing') return t('error.noteGone')
    return t('error.unknown')
  }

  const closeComposer = () => {
    setComposing(false)
    setEditing(null)
    setEditingGone(false)
  }

  const post = (composed: ComposedNote): string | null => {
    try {
      if (editing) {
        editNoteText(doc, editing.id, composed.text, undo.origin)
        if (composed.color !== editing.color) setNoteColor(doc, editing.id, composed.color, undo.origin)
        closeComposer()
        return null
      }
      if (fullBoard.notes.length >= LIMITS.notesPerSession) return t('error.noteLimit', { max: LIMITS.notesPerSession })
      const target = privateMode && privateDoc ? privateDoc : doc
      const note = addMine(target, composed, { table, comment: visiting })
      closeComposer()
      if (view !== 'all') setView(composed.canvas)
      if (target === doc) setShowItem(note.id)
      return null
    } catch (e) {
      // Someone deleted the note while it was being rewritten: the composer says so (composer.gone).
      if (editing && e instanceof NoteError && e.reason === 'missing') {
        setEditingGone(true)
        return null
      }
      return failure(e)
    }
  }

  /** The rewritten text as a new note where the deleted one was: its canvas, table and kind. */
  const postAsNew = (composed: ComposedNote): string | null => {
    if (!editing) return null
    try {
      if (fullBoard.notes.length >= LIMITS.notesPerSession) return t('error.noteLimit', { max: LIMITS.notesPerSession })
      const note = addMine(
        doc,
        { ...composed, canvas: editing.canvas, ...(editing.kind ? { kind: editing.kind } : {}), ...(editing.speaker ? { speaker: editing.speaker } : {}) },
        { table: editing.table, comment: editing.comment === true },
      )
      closeComposer()
      if (view !== 'all') setView(note.canvas)
      setShowItem(note.id)
      return null
    } catch (e) {
      return failure(e)
    }
  }

  /** グループを解く is offered where the group could be changed: not on a locked canvas (or board), not at a table visited. */
  const canDissolve = (on: { canvas: Canvas }): boolean => !visiting && !locked.has(on.canvas)
  const askDissolve = (group: Group) => {
    // The toast sits at the bottom of the screen; the question is asked in the middle, over the board.
    setToast(null)
    setDissolving({ id: group.id, title: group.title })
  }
  const dissolve = (groupId: string) => {
    setDissolving(null)
    const group = fullBoard.groups.find((g) => g.id === groupId)
    if (!group) return setToast({ key: 'board.dissolveGone', undo: false })
    // The lock may have come while the question was open: the server would refuse the change anyway.
    if (!canDissolve(group)) return setToast({ key: 'board.dissolveLocked', undo: false })
    try {
      const done = dissolveGroup(doc, group.id, undo.origin)
      const into = done.into ? fullBoard.groups.find((g) => g.id === done.into) : undefined
      // Said in the toast (role="status"), which a screen reader reads out, with 元に戻す beside it.
      setToast(
        done.into
          ? { key: 'board.dissolvedInto', params: { n: done.notes.length, title: into?.title || t('board.untitled') }, undo: true }
          : { key: 'board.dissolved', params: { n: done.notes.length }, undo: true },
      )
    } catch (e) {
      if (e instanceof GroupError) return setToast({ key: 'board.dissolveGone', undo: false })
      throw e
    }
    return undefined
  }

  if (composing || editing) {
    // Someone else saved this note while it was being rewritten here: said before 保存する replaces theirs.
    const live = editing ? fullBoard.notes.find((n) => n.id === editing.id) : undefined
    const rewritten = editing && live && live.text !== editing.text ? live.text : undefined
    return (
      <NoteComposer
        defaultCanvas={view === 'all' || locked.has(view) ? (CANVASES.find((c) => !locked.has(c)) ?? 'need') : view}
        locked={locked}
        lockedView={view !== 'all' && locked.has(view) ? view : undefined}
        {...(editing ? { initial: { text: editing.text, color: editing.color, ...(editing.kind ? { kind: editing.kind } : {}) }, submitLabel: t('sheet.save') } : {})}
        onPost={post}
        onPostAsNew={editing && editingGone ? postAsNew : undefined}
        rewrittenMeanwhile={rewritten}
        onCancel={closeComposer}
      />
    )
  }

  if (open) {
    return (
      <NoteSheet
        note={open}
        board={board}
        dots={dots && dots.vote?.status === 'open' && dots.vote.canvas === open.canvas ? dots : null}
        canEdit={canEdit(open)}
        canMove={!visiting}
        onEdit={() => {
          setOpenId(null)
          setEditing(open)
        }}
        onDelete={() => {
          deleteNote(doc, open.id, undo.origin)
          setOpenId(null)
          setToast({ key: 'board.deleted', undo: true })
        }}
        onToggleHidden={me.role === 'facilitator' ? () => setNoteHidden(doc, open.id, !open.hidden, undo.origin) : undefined}
        onGather={
          me.role === 'facilitator' && open.table !== PLENARY_TABLE
            ? () => {
                if (open.groupId) gatherGroup(doc, open.groupId, undo.origin)
                else gatherNote(doc, open.id, undo.origin)
                setOpenId(null)
                setToast({ key: 'plenary.gathered', undo: true })
              }
            : undefined
        }
        onLeaveGroup={() => {
          removeFromGroup(doc, open.id, { x: open.pos.x, y: open.pos.y }, undo.origin)
          setOpenId(null)
        }}
        onDissolveGroup={
          canDissolve(open)
            ? (group) => {
                setOpenId(null)
                askDissolve(group)
              }
            : undefined
        }
        likes={board.likes[open.id]?.length ?? 0}
        onToggleLike={me.role === 'participant' && visitTables.length > 0 ? () => toggleLike(doc, open.id, me.id, undo.origin) : undefined}
        liked={board.likes[open.id]?.includes(me.id) ?? false}
        onToggleLink={(from: LinkEnd, to: LinkEnd, linked: boolean) =>
          linked ? linkItems(doc, from, to, undo.origin) : unlinkItems(doc, from, to, undo.origin)
        }
        citedBy={plan ? citingItems(plan.items, open, board) : undefined}
        onOpenPlan={plan?.onOpen}
        onMakePlan={plan?.onMake}
        onClose={() => setOpenId(null)}
      />
    )
  }

  const canvases: Canvas[] = view === 'all' ? [...CANVASES] : [view]
  const dissolvingGroup = dissolving ? board.groups.find((g) => g.id === dissolving.id) : undefined
  const counts = (c: Canvas) => board.notes.filter((n) => n.canvas === c && n.table === table).length

  return (
    <div className={`workspace workspace-${view === 'all' ? 'all' : 'one'}`}>
      {/* The tabs and the toolbar: two rows on a tablet held upright, one row on a tablet held landscape,
          where every pixel of height the bar does not take is the board's. */}
      <div className="board-bar">
        <CanvasTabs value={view} onChange={setView} counts={counts} allowAll={allowAllView} />
        <div className="board-toolbar">
          {chooseTable && tables.length > 1 && (
            <label className="table-select">
              <span>{t('join.table')}</span>
              <select className="input" value={table} onChange={(e) => setTable(e.target.value)} data-testid="board.table">
                {tables.map((name) => (
                  <option key={name} value={name}>
                    {tableLabel(name)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {/* The toast names the change just made and offers to take it back: once the toolbar has undone (or
              redone) something, it names what is no longer so, and its 元に戻す would take back an older change
              (the note written before the group, say), so it goes. */}
          {(['undo', 'redo'] as const).map((which) => (
            <button
              key={which}
              type="button"
              className="button button-secondary"
              onClick={() => {
                undo[which]()
                setToast(null)
              }}
              disabled={which === 'undo' ? !undo.canUndo : !undo.canRedo}
              data-testid={`board.${which}`}
            >
              {t(`board.${which}`)}
            </button>
          ))}
          {suggestAccess && view !== 'all' && !locked.has(view) && !visiting && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                // The panel rises from the bottom, where the toast of the last drop sat over its buttons.
                setProposing(true)
                setToast(null)
              }}
              aria-expanded={proposing}
              data-testid="suggest.open"
            >
              {t('suggest.open')}
            </button>
          )}
          <button
            type="button"
            className="button button-primary board-write"
            onClick={() => setComposing(true)}
            disabled={locked.size === CANVASES.length}
            data-testid="participant.write"
          >
            {visiting ? t('gallery.comment') : t('participant.write')}
          </button>
        </div>
      </div>
      {visitTables.length > 0 && (
        <div className="gallery-bar" data-testid="gallery.bar">
          <span>{visiting ? t('gallery.visiting', { table: tableLabel(table) }) : t('gallery.banner')}</span>
          <select className="input" value={table} onChange={(e) => setTable(e.target.value)} aria-label={t('gallery.visit')} data-testid="gallery.visit">
            {[me.table, ...visitTables.filter((x) => x !== me.table)].map((name) => (
              <option key={name} value={name}>
                {tableLabel(name)}
              </option>
            ))}
          </select>
        </div>
      )}
      {privateNotes.length > 0 && (
        // Open while 個人ワーク goes on: the board below stays empty until the notes are revealed, and a
        // resident who sees only that writes the note again.
        <details className="private-strip" open={privateMode} data-testid="private.strip">
          <summary>{t('private.strip', { n: privateNotes.length })}</summary>
          <ul>
            {privateNotes.map((n) => (
              <li key={n.id} className={`private-note note-${n.color}`} data-testid="private.note">
                <span className="private-note-text">{n.text}</span>
                {privateUnsent?.has(n.id) && (
                  <span className="note-unsent" data-testid="note.unsent">
                    {t('error.notSent')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      <TrashPanel doc={doc} me={me} origin={undo.origin} />
      {dots?.vote?.status === 'open' && (
        <p className="vote-banner" role="status" data-testid="vote.banner">
          {t('vote.banner', { n: dots.remaining, max: dots.vote.dots })}　{t(`canvas.short.${dots.vote.canvas}`)}
          {/* What to do next, in words: a dot goes on through the note's sheet, which nothing on the board says. */}
          <span className="vote-how" data-testid="vote.howTo">
            {t(dots.remaining > 0 ? 'vote.howTo' : 'vote.allPlaced')}
          </span>
        </p>
      )}
      {dots?.error && (
        <p className="error" role="alert" data-testid="vote.error">
          {dots.error}
        </p>
      )}
      {/* Busy while the plain copy stands for the board (nothing can be moved or opened yet). */}
      <div className="canvases" aria-busy={previewing}>
        {canvases.map((c) => (
          <div key={c} className="canvas-slot">
            {view === 'all' && <h2 className="canvas-title">{t(`canvas.${c}`)}</h2>}
            {locked.has(c) && (
              <p className="lock-banner" role="status" data-testid="lock.banner">
                {t('lock.banner')}
              </p>
            )}
            <BoardCanvas
              doc={doc}
              board={board}
              canvas={c}
              table={table}
              origin={undo.origin}
              readOnly={locked.has(c) || visiting || previewing}
              linkCounts={linkCounts}
              myDots={dots?.mine}
              myUnsentDots={dots?.unsent}
              totals={totals}
              onFocusChange={view === 'all' ? undefined : onFocusChange}
              unsent={unsent}
              showItem={showItem}
              onItemShown={clearShowItem}
              emptyText={privateMode ? 'private.boardEmpty' : undefined}
              remoteDrags={remoteDrags(c)}
              onOpenNote={(note) => !previewing && setOpenId(note.id)}
              onRenameGroup={(group, title) => renameGroup(doc, group.id, title, undo.origin)}
              onDissolveGroup={locked.has(c) || visiting ? undefined : askDissolve}
              onDragPosition={(drag) => connection.provider.awareness.setLocalStateField('drag', drag)}
              highlight={similar.similar}
              onDragStartItem={similar.start}
              onDragEndItem={similar.end}
              onDrop={(outcome, aside = NONE_MOVED) => {
                const key = DROP_MESSAGES[outcome]
                if (key || aside.count > 0) setToast({ key: key ?? null, undo: !NOTHING_TO_UNDO.has(outcome), aside })
              }}
            />
          </div>
        ))}
      </div>
      {proposing && suggestAccess && view !== 'all' && !locked.has(view) && !visiting && (
        <Suspense fallback={null}>
          <ProposalsPanel
            access={suggestAccess}
            doc={doc}
            board={board}
            canvas={view}
            table={table}
            origin={undo.origin}
            onAccepted={(_title, aside) => setToast({ key: 'board.grouped', undo: true, aside })}
            onClose={() => setProposing(false)}
          />
        </Suspense>
      )}
      {dissolvingGroup && (
        <DissolveConfirm
          group={dissolvingGroup}
          parent={dissolvingGroup.parentId ? board.groups.find((g) => g.id === dissolvingGroup.parentId && !g.parentId) : undefined}
          links={linkedTo(board.links, { type: 'group', id: dissolvingGroup.id }).length}
          cited={plan ? plan.items.filter((item) => item.sources.some((s) => s.type === 'group' && s.id === dissolvingGroup.id)).length : 0}
          onConfirm={() => dissolve(dissolvingGroup.id)}
          onCancel={() => setDissolving(null)}
        />
      )}
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          <span>
            {toast.key && t(toast.key, toast.params)}
            {toast.aside?.count ? t(toast.key ? 'board.alsoMovedAside' : 'board.movedAside', { n: toast.aside.count }) : ''}
          </span>
          <div className="toast-actions">
            {toast.aside?.first && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  // As a note just written: its canvas brings it into view if it is not in sight.
                  setShowItem(toast.aside!.first)
                  setToast(null)
                }}
                data-testid="toast.showMoved"
              >
                {t('board.showMoved')}
              </button>
            )}
            {toast.undo && undo.canUndo && undo.depth === toast.depth && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  undo.undo()
                  setToast(null)
                }}
                data-testid="toast.undo"
              >
                {t('board.undo')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  )
}
