/** What a screen reader says while a note is dragged with the keyboard (dnd-kit announcements), in the page's language. */
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core'
import { t } from '../i18n.ts'

const what = (id: string | number): string => (String(id).startsWith('group:') ? t('board.groupRole') : t('board.noteRole'))

export const dndAnnouncements: Announcements = {
  onDragStart: ({ active }) => t('dnd.start', { item: what(active.id) }),
  onDragOver: ({ active, over }) => (over ? t('dnd.over', { item: what(active.id), target: what(String(over.id).replace(/^drop-/, '')) }) : t('dnd.overNothing', { item: what(active.id) })),
  onDragEnd: ({ active, over }) => (over ? t('dnd.dropOn', { item: what(active.id), target: what(String(over.id).replace(/^drop-/, '')) }) : t('dnd.drop', { item: what(active.id) })),
  onDragCancel: ({ active }) => t('dnd.cancel', { item: what(active.id) }),
}

export const dndScreenReaderInstructions: ScreenReaderInstructions = {
  draggable: t('dnd.instructions'),
}
