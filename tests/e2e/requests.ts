/**
 * Privacy checks for the e2e scenarios (issue 14): every request a page's browser context makes is recorded from
 * before the first navigation (pages, workers and service workers report to the context; reloads keep the
 * recorder), and so are WebSockets, which never show up as requests.
 */
import type { Page } from 'playwright-core';

export interface RecordedRequest {
  url: string;
  type: string;
}

/** URLs that never leave the page: inline data and object URLs. */
export function isLocalScheme(url: string): boolean {
  return url.startsWith('data:') || url.startsWith('blob:');
}

/** Every request (and WebSocket) of the page's context, in order, with its resource type. */
export function recordRequests(page: Page): RecordedRequest[] {
  const seen: RecordedRequest[] = [];
  page.context().on('request', (request) => seen.push({ url: request.url(), type: request.resourceType() }));
  page.on('websocket', (socket) => seen.push({ url: socket.url(), type: 'websocket' }));
  return seen;
}

/** The recorded requests to an origin other than `origin`, as "type url" lines (none is the expected answer). */
export function foreignRequests(requests: RecordedRequest[], origin: string): string[] {
  return requests
    .filter(({ url }) => !isLocalScheme(url) && new URL(url).origin !== origin)
    .map(({ type, url }) => `${type} ${url}`);
}

/** The paths asked of the page's own origin (a recorder that heard nothing must not pass a privacy check). */
export function requestedPaths(requests: RecordedRequest[]): string[] {
  return requests.filter(({ url }) => !isLocalScheme(url)).map(({ url }) => new URL(url).pathname);
}
