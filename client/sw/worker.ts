/**
 * The service worker: the app opens on a tablet whose Wi-Fi dropped, or while the laptop restarts, from
 * what the device kept — the board itself is in the tablet's IndexedDB (client/sync/connection.ts), and
 * its notes go to the server once it is back. Built as /sw.js at the site root, so that its scope is the
 * whole app (vite.config.ts, `serviceWorker`); registered by main.tsx in the built app only.
 *
 * What it keeps: the build's own files, listed by the build and written into this file (YORIAI_BUILD),
 * all fetched when the worker installs. A worker that only kept what it saw fetched would miss the very
 * first visit: the resident who scanned the QR code loaded the page before any worker was there, and the
 * next page they open may be the one without Wi-Fi. The list is small (the app is under 1 MB) and every
 * file in it is content-hashed, so it is fetched once per build. A new build is a new list and a new
 * version, so the browser sees a changed worker, installs it, and it deletes the caches of the old one.
 */
import { requestKind } from './routes.ts'

/** Written before this file by the build: its version (a hash of its files) and the files to keep. */
declare const YORIAI_BUILD: { version: string; files: string[] }

/** What a service worker's global scope offers here (the DOM library the project compiles with lacks it). */
interface WorkerScope {
  readonly location: Location
  readonly registration: { readonly navigationPreload?: { enable(): Promise<void> } }
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  readonly preloadResponse: Promise<Response | undefined>
  respondWith(response: Promise<Response>): void
}

const worker = self as unknown as WorkerScope
const PREFIX = 'yoriai-'
const CACHE = `${PREFIX}${YORIAI_BUILD.version}`
/** The app's one page: every route is this file, drawn by the script for its address. */
const INDEX = '/index.html'
const precached = new Set(YORIAI_BUILD.files)
/**
 * How long a page waits for the server before the copy on the device is drawn. The laptop switched off
 * on the hall's Wi-Fi is not a refusal but silence, which a browser waits out for far longer than a
 * resident looks at a white screen; a server that answers at all answers the page in milliseconds.
 */
const PAGE_WAIT_MS = 4_000

worker.addEventListener('install', (event) => {
  // The new build takes over at once: the page the tablet opens next is drawn from the files of the build
  // the server now has (an old page still open keeps its scripts; it loads afresh on its next reload).
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([INDEX, ...YORIAI_BUILD.files]))
      .then(() => worker.skipWaiting()),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name)
      // The page's request goes out while the worker is still starting (a tablet's first draw, bench B5).
      await worker.registration.navigationPreload?.enable()
      await worker.clients.claim()
    })(),
  )
})

worker.addEventListener('fetch', (event) => {
  const kind = requestKind(event.request, worker.location.origin, precached)
  // Not answered here: the request goes to the server exactly as without a worker, and fails as offline.
  if (kind === 'network') return
  event.respondWith(kind === 'page' ? page(event) : asset(event))
})

/** The server's page first; the one kept on the device when the server cannot be reached (or is silent). */
async function page(event: FetchEvent): Promise<Response> {
  // Promise.resolve: a browser without navigation preload has no preloadResponse at all (the page is then
  // fetched here), and a missing one must not be taken for a failed network.
  const preload = Promise.resolve(event.preloadResponse as Promise<Response | undefined> | undefined)
  // Settled even when the kept page answered first, so the browser does not cancel it with a warning.
  event.waitUntil(preload.catch(() => undefined))
  try {
    return await withinTime(preload.then((preloaded) => preloaded ?? fetch(event.request)), PAGE_WAIT_MS)
  } catch {
    const kept = await caches.match(INDEX, { cacheName: CACHE })
    return kept ?? Response.error()
  }
}

/** A build file from the device; one it does not have (a newer build's) from the server, kept for next time. */
async function asset(event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE)
  const kept = await cache.match(event.request)
  if (kept) return kept
  const response = await fetch(event.request)
  if (response.ok) event.waitUntil(cache.put(event.request, response.clone()))
  return response
}

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
