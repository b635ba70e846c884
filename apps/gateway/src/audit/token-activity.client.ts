import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { TlsClientSettings } from '@tessera/config';
import { serviceSecretHeader } from '@tessera/contracts';

/** When each token was last used, as the audit service projected it from the usage events; null is never. */
export type LastUsed = ReadonlyMap<string, string | null>;

export interface TokenActivityClient {
  /** Undefined when the audit service cannot answer in time: the caller shows last use as unknown instead of failing. */
  lastUsed(tokenIds: readonly string[]): Promise<LastUsed | undefined>;
}

interface ActivityResponse {
  tokens: Array<{ token_id: string; last_used_at: string | null }>;
}

/**
 * The audit service's query API. A token list is the user's first stop when something is wrong, so it must answer
 * while the audit service is away: a short deadline, and any failure is "unknown", logged once per call.
 */
export function createTokenActivityClient(options: {
  baseUrl: string;
  serviceSecret: string;
  timeoutMs: number;
  /** For an https: baseUrl: the CA to trust (unset: the system's) and, for mTLS, the certificate to present. */
  tls: TlsClientSettings;
  onUnavailable: (reason: string) => void;
}): TokenActivityClient {
  // An agent of its own, so the service secret goes only to a server that proves itself with these settings.
  const overTls = new URL(options.baseUrl).protocol === 'https:';
  const agent = overTls ? new HttpsAgent({ ...options.tls, keepAlive: true }) : undefined;
  const send = overTls ? httpsRequest : httpRequest;
  const lastUsedOf = async (tokenIds: readonly string[]) => {
    const url = new URL('/api/v1/activity/tokens', options.baseUrl);
    for (const id of tokenIds) url.searchParams.append('token_id', id);
    const body = await new Promise<string>((resolve, reject) => {
      const request = send(
        url,
        { agent, headers: { [serviceSecretHeader]: options.serviceSecret, accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) },
        (response) => void readBody(response).then(resolve, reject),
      );
      request.on('error', reject);
      request.end();
    });
    return (JSON.parse(body) as ActivityResponse).tokens;
  };
  return {
    async lastUsed(tokenIds) {
      if (tokenIds.length === 0) return new Map();
      try {
        const pages = await Promise.all(chunks(tokenIds, idsPerRequest).map(lastUsedOf));
        return new Map(pages.flat().map((token) => [token.token_id, token.last_used_at]));
      } catch (error) {
        options.onUnavailable(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  };
}

async function readBody(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let body = '';
  for await (const chunk of response) body += chunk as string;
  if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode > 299) throw new Error(`HTTP ${response.statusCode}`);
  return body;
}

/** The audit service's limit per request, which keeps its URLs short. */
const idsPerRequest = 200;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
