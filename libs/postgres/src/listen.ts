import pg from 'pg';
import type { Logger } from '@tessera/telemetry';

export interface Listener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** The payload of each NOTIFY on the channel. */
  onNotify(payload: string): void;
  /** Listening again after a lost connection: notifications sent meanwhile were missed. */
  onRelisten(): void;
}

/**
 * Hands every NOTIFY on `channel` to `handlers`, on a connection of its own (LISTEN needs one that no pool hands
 * out). A lost connection is opened again after a pause; notifications sent meanwhile are lost, which suits live
 * views that can also be reloaded, not work that must happen.
 */
export function listen(url: string, channel: string, logger: Logger, handlers: ListenHandlers): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let listenedBefore = false;

  const connect = async () => {
    // Keepalive: a connection that only waits would otherwise never notice a peer gone without a word (a NAT timeout,
    // a failover), and the view would stay silent while looking live.
    const connection = new pg.Client({ connectionString: url, application_name: `listen:${channel}`, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client = connection;
    connection.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '');
    });
    connection.on('error', (error) => again(connection, error));
    try {
      await connection.connect();
      await connection.query(`listen ${channel}`);
      if (listenedBefore) handlers.onRelisten();
      listenedBefore = true;
    } catch (error) {
      again(connection, error);
    }
  };
  const again = (connection: pg.Client, error: unknown) => {
    if (closed || client !== connection) return;
    client = undefined;
    connection.end().catch(() => undefined);
    logger.warn({ err: error, channel }, 'lost the LISTEN connection; opening it again in 1 s');
    retry = setTimeout(() => void connect(), 1_000);
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
