import { bootstrapAdmin } from './platform.ts';

/**
 * Signs in through the gateway's QFieldCloud login, as a client would (the bootstrap admin unless told otherwise),
 * and returns the token; anything but a 200 fails with the answer.
 */
export async function gatewayLogin(gateway: string, as: { username?: string; password?: string; userAgent?: string } = {}): Promise<string> {
  const response = await fetch(`${gateway}/api/v1/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as.userAgent === undefined ? {} : { 'user-agent': as.userAgent }) },
    body: JSON.stringify({ username: as.username ?? bootstrapAdmin.username, password: as.password ?? bootstrapAdmin.password }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`login through the gateway answered ${response.status}: ${JSON.stringify(body)}`);
  return body.token;
}

/** A JSON call to the gateway as a client signed in with `token` makes one: its status and its parsed body. */
export async function gatewayCall(gateway: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: { authorization: `Token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
