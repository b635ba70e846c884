import { describe, it } from 'node:test';
import { PermissionError } from '../shared/domain-error.ts';
import { specification } from '../shared/decider-specification.ts';
import { apiKeyDecider, type ApiKeyCommand } from './api-key.decider.ts';
import type { ApiKeyEvent } from './api-key.ts';

const spec = specification(apiKeyDecider);
const generate = (n: number, requested_by_admin = true): ApiKeyCommand => ({
  type: 'GenerateApiKey',
  data: { user_id: 'usr_1', requested_by_admin, new_api_key: `key_${n}`, secret_digest: `digest_${n}`, masked_secret: `tst_000${n}***`, at: `2026-11-2${n}T00:00:00.000Z` },
});
const generated: ApiKeyEvent = {
  type: 'ApiKeyGenerated',
  data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_1', masked_secret: 'tst_0001***', at: '2026-11-21T00:00:00.000Z' },
};
const regenerated: ApiKeyEvent = {
  type: 'ApiSecretRegenerated',
  data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_2', masked_secret: 'tst_0002***', at: '2026-11-22T00:00:00.000Z' },
};

describe('API keys (Frappe generate_keys)', () => {
  it('the first generation makes the key and its secret', () => spec.given([]).when(generate(1)).then([generated]));
  it('a later generation keeps the key and replaces the secret', () => spec.given([generated]).when(generate(2)).then([regenerated]));
  it('keeps the key through any number of generations', () =>
    spec.given([generated, regenerated]).when(generate(3)).then([
      { type: 'ApiSecretRegenerated', data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'digest_3', masked_secret: 'tst_0003***', at: '2026-11-23T00:00:00.000Z' } },
    ]));
  it('is for admins only', () => spec.given([]).when(generate(1, false)).thenThrows(PermissionError, /admin/));
});
