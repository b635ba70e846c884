/**
 * Makes a metric instrument on first use. Modules are evaluated before a service's main starts the SDK, and the
 * metrics API, unlike the tracing API, has no proxy: an instrument made at import time would stay a no-op for good.
 */
export function lazyInstrument<T>(make: () => T): () => T {
  let instrument: T | undefined;
  return () => (instrument ??= make());
}
