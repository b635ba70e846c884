/**
 * What `/api/v1/events/stream` sends and how often, shared by the server that writes the stream and the dashboard
 * that reads it (bundled into the page), so the two cannot drift. It imports nothing: it runs in both places.
 */
export const streamEvents = {
  /** The stream is open, and again after a gap the server knows of: read the log to fill it. */
  ready: 'ready',
  /** One audit-log entry, as the search answers it. */
  audit: 'audit',
} as const;

/** A comment this often: proxies and load balancers close connections that stay silent for a minute or so. */
export const keepaliveMs = 15_000;

/** A viewer that does not read is dropped rather than buffered for without bound; no one message is larger. */
export const maxBufferedBytes = 1024 * 1024;
