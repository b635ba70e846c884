import { describe, it } from 'node:test';
import { NotFoundError, PermissionError } from '../shared/domain-error.ts';
import { specification } from '../testing.ts';
import { apiKeyDecider, type ApiKeyCommand } from './api-key.decider.ts';
import type { ApiKeyEvent } from './api-key.ts';

const spec = specification(apiKeyDecider);
const actor = { user_id: 'usr_admin', credential: 'token' as const, credential_id: 'tok_admin' };
const generate = (n: number, requested_by_admin = true, changes: Partial<ApiKeyCommand['data']> = {}): ApiKeyCommand => ({
  type: 'GenerateApiKey',
  data: {
    user_id: 'usr_1', actor, requested_by_admin, user: { is_admin: false }, admins_may_key_other_admins: false, new_api_key: `key_${n}`,
    secret_digest: `digest_${n}`, masked_secret: `tst_000${n}***`, at: `2026-11-2${n}T00:00:00.000Z`, ...changes,
  },
});
const generated: ApiKeyEvent = {
  type: 'ApiKeyGenerated',
  data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_1', masked_secret: 'tst_0001***', at: '2026-11-21T00:00:00.000Z', actor },
};
const regenerated: ApiKeyEvent = {
  type: 'ApiSecretRegenerated',
  data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_2', masked_secret: 'tst_0002***', at: '2026-11-22T00:00:00.000Z', actor },
};

describe('API keys (Frappe generate_keys)', () => {
  it('the first generation makes the key and its secret', () => spec.given([]).when(generate(1)).then([generated]));
  it('a later generation keeps the key and replaces the secret', () => spec.given([generated]).when(generate(2)).then([regenerated]));
  it('keeps the key through any number of generations', () =>
    spec.given([generated, regenerated]).when(generate(3)).then([
      { type: 'ApiSecretRegenerated', data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_3', masked_secret: 'tst_0003***', at: '2026-11-23T00:00:00.000Z', actor } },
    ]));
  it('is for admins only', () => spec.given([]).when(generate(1, false)).thenThrows(PermissionError, /Only an admin/));
  it('refuses a caller who is not an admin alike whether the user exists or not', () =>
    spec.given([]).when(generate(1, false, { user: null })).thenThrows(PermissionError, /Only an admin/));
  it('is for a user that exists', () => spec.given([]).when(generate(1, true, { user: null })).thenThrows(NotFoundError, /No such user/));
});

describe('API keys: one admin acting as another', () => {
  it("refuses an admin another admin's secret: its holder would act as that admin", () => {
    spec.given([]).when(generate(1, true, { user: { is_admin: true } })).thenThrows(PermissionError, /another admin/);
    spec.given([generated]).when(generate(2, true, { user: { is_admin: true } })).thenThrows(PermissionError, /another admin/);
  });
  it('lets an admin generate its own secret', () =>
    spec.given([]).when(generate(1, true, { user_id: 'usr_admin', user: { is_admin: true } })).then([
      { type: 'ApiKeyGenerated', data: { ...generated.data, user_id: 'usr_admin' } },
    ]));
  it('lets an admin generate for another admin where the deployment allows it, naming the admin who did', () =>
    spec.given([]).when(generate(1, true, { user: { is_admin: true }, admins_may_key_other_admins: true })).then([generated]));
});
