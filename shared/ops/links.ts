/** Links across canvases (つなげる): a need note or group to resource and action notes or groups. */
import type * as Y from 'yjs'
import { linksMap, validateLink, type Link, type LinkEnd } from '../schema.ts'

/** One link per pair and direction: the id is derived from its ends, so linking twice is a no-op. */
export const linkId = (from: LinkEnd, to: LinkEnd): string => `${from.type}:${from.id}>${to.type}:${to.id}`

export const sameEnd = (a: LinkEnd, b: LinkEnd): boolean => a.type === b.type && a.id === b.id

export function linkItems(doc: Y.Doc, from: LinkEnd, to: LinkEnd, origin: unknown = null, now = Date.now()): Link | undefined {
  if (sameEnd(from, to)) return undefined
  const link: Link = { id: linkId(from, to), from, to, createdAt: now }
  const links = linksMap(doc)
  // Linking the other way round counts as the same link.
  if (links.has(link.id) || links.has(linkId(to, from))) return undefined
  doc.transact(() => links.set(link.id, link), origin)
  return link
}

export function unlinkItems(doc: Y.Doc, a: LinkEnd, b: LinkEnd, origin: unknown = null): void {
  doc.transact(() => {
    linksMap(doc).delete(linkId(a, b))
    linksMap(doc).delete(linkId(b, a))
  }, origin)
}

/** Removes every link touching an item (inside the caller's transaction); says how many went. */
export function removeLinksOf(doc: Y.Doc, end: LinkEnd): number {
  const links = linksMap(doc)
  let removed = 0
  for (const [id, value] of [...links.entries()]) {
    const link = validateLink(value)
    if (!link.ok || sameEnd(link.value.from, end) || sameEnd(link.value.to, end)) {
      links.delete(id)
      if (link.ok) removed++
    }
  }
  return removed
}

/**
 * Moves every link touching `from` over to `to`, keeping its direction and age (inside the caller's
 * transaction): a 小グループ dissolved into its group hands its links to that group, where its notes now are.
 * A link between the two, or one `to` already has, is dropped rather than doubled: nothing linked is lost.
 */
export function relinkTo(doc: Y.Doc, from: LinkEnd, to: LinkEnd): void {
  const links = linksMap(doc)
  for (const [id, value] of [...links.entries()]) {
    const link = validateLink(value)
    if (!link.ok || !(sameEnd(link.value.from, from) || sameEnd(link.value.to, from))) continue
    links.delete(id)
    const moved: Link = { ...link.value, from: sameEnd(link.value.from, from) ? to : link.value.from, to: sameEnd(link.value.to, from) ? to : link.value.to }
    const movedId = linkId(moved.from, moved.to)
    if (sameEnd(moved.from, moved.to) || links.has(movedId) || links.has(linkId(moved.to, moved.from))) continue
    links.set(movedId, { ...moved, id: movedId })
  }
}

export function listLinks(doc: Y.Doc): Link[] {
  const out: Link[] = []
  linksMap(doc).forEach((value) => {
    const link = validateLink(value)
    if (link.ok) out.push(link.value)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

/** The other ends of every link that touches an item. */
export function linkedTo(links: readonly Link[], end: LinkEnd): LinkEnd[] {
  const out: LinkEnd[] = []
  for (const link of links) {
    if (sameEnd(link.from, end)) out.push(link.to)
    else if (sameEnd(link.to, end)) out.push(link.from)
  }
  return out
}
