import pg from 'pg';
import pRetry from 'p-retry';
import type { Logger } from '@tessera/telemetry';

export interface Listener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** The payload of each NOTIFY on the channel. */
  onNotify(payload: string): void;
  /** Listening again after a lost connection: notifications sent meanwhile were missed, so catch up on them. */
  onRelisten(): void;
}

/**
 * Hands every NOTIFY on `channel` to `handlers`, on a connection of its own (LISTEN needs one that no pool hands
 * out). A lost connection is opened again, with a growing pause while PostgreSQL refuses; notifications sent
 * meanwhile are lost, so `onRelisten` must make up for them (reload a view, look for work left waiting).
 */
export function listen(url: string, channel: string, logger: Logger, handlers: ListenHandlers): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  const closing = new AbortController();
  // The newest connection, still opening or listening: what close() ends.
  let current: pg.Client | undefined;
  let listening: pg.Client | undefined;
  let listenedBefore = false;

  const open = async () => {
    closing.signal.throwIfAborted();
    // Keepalive: a connection that only waits would otherwise never notice a peer gone without a word (a NAT timeout,
    // a failover), and the listener would stay silent while looking live.
    const connection = new pg.Client({ connectionString: url, application_name: `listen:${channel}`, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    current = connection;
    connection.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '');
    });
    // While opening, a failure rejects the attempt below; once listening, it is a lost connection.
    connection.on('error', (error) => lost(connection, error));
    connection.on('end', () => lost(connection, new Error('the connection ended')));
    try {
      await connection.connect();
      await connection.query(`listen ${channel}`);
    } catch (error) {
      connection.end().catch(() => undefined);
      throw error;
    }
    listening = connection;
    if (listenedBefore) handlers.onRelisten();
    listenedBefore = true;
  };
  const establish = () => {
    pRetry(open, {
      retries: Infinity,
      minTimeout: 500,
      maxTimeout: 10_000,
      randomize: true,
      signal: closing.signal,
      onFailedAttempt: ({ error, retryDelay }) => logger.warn({ err: error, channel }, `cannot LISTEN; trying again in ${retryDelay} ms`),
    }).catch(() => undefined); // only a close ends the attempts
  };
  const lost = (connection: pg.Client, error: unknown) => {
    if (closing.signal.aborted || listening !== connection) return;
    listening = undefined;
    connection.end().catch(() => undefined);
    logger.warn({ err: error, channel }, 'lost the LISTEN connection; opening it again');
    establish();
  };
  establish();

  return {
    async close() {
      closing.abort();
      await current?.end().catch(() => undefined);
    },
  };
}
