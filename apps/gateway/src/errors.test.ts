import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ServiceSecretRefused } from '@tessera/token-service-client';
import { fakeTokenService, grpcRefusal, tokenServiceAway, validVerdict } from './testing/fake-token-service.ts';
import { gatewayUnderTest } from './testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });

/** What a signed-in user's token list answers when the token service refuses the call with `error`. */
async function answerTo(error: Error) {
  tokenService.answer({ validate: async () => validVerdict(), listTokens: () => Promise.reject(error) });
  const response = await app.inject({ url: '/api/v1/auth/tokens/', headers: { authorization: 'Token tst_alice' } });
  return { status: response.statusCode, body: response.json() as unknown, challenge: response.headers['www-authenticate'], retryAfter: response.headers['retry-after'] };
}

describe("the token service's refusals, as the gateway answers them", () => {
  const table: Array<[string, Error, { status: number; body: { code: string; message: string }; challenge?: string }]> = [
    ['INVALID_ARGUMENT', grpcRefusal(status.INVALID_ARGUMENT, 'include_invalid: not a boolean', 'invalid_filter'), { status: 400, body: { code: 'validation_error', message: 'include_invalid: not a boolean' } }],
    ['UNAUTHENTICATED', grpcRefusal(status.UNAUTHENTICATED, 'Token has expired.'), { status: 401, body: { code: 'token_authentication_failed', message: 'Token has expired.' }, challenge: 'Token' }],
    ['UNAUTHENTICATED with a code', grpcRefusal(status.UNAUTHENTICATED, 'Token has expired.', 'token_expired'), { status: 401, body: { code: 'token_expired', message: 'Token has expired.' }, challenge: 'Token' }],
    ['PERMISSION_DENIED', grpcRefusal(status.PERMISSION_DENIED, 'Only an admin may list these.', 'not_admin'), { status: 403, body: { code: 'permission_denied', message: 'Only an admin may list these.' } }],
    ['NOT_FOUND', grpcRefusal(status.NOT_FOUND, 'No such user.', 'user_not_found'), { status: 404, body: { code: 'object_not_found', message: 'No such user.' } }],
    ['FAILED_PRECONDITION', grpcRefusal(status.FAILED_PRECONDITION, 'The user is inactive.'), { status: 409, body: { code: 'conflict', message: 'The user is inactive.' } }],
    ['FAILED_PRECONDITION with a code', grpcRefusal(status.FAILED_PRECONDITION, 'The user is inactive.', 'user_inactive'), { status: 409, body: { code: 'user_inactive', message: 'The user is inactive.' } }],
    ['ALREADY_EXISTS with a code', grpcRefusal(status.ALREADY_EXISTS, 'That username is taken.', 'username_taken'), { status: 409, body: { code: 'username_taken', message: 'That username is taken.' } }],
    ['ABORTED', grpcRefusal(status.ABORTED, 'Changed meanwhile; try again.'), { status: 409, body: { code: 'conflict', message: 'Changed meanwhile; try again.' } }],
  ];
  for (const [name, error, expected] of table) {
    it(`answers ${name} with ${expected.status} ${expected.body.code}`, async () => {
      const answer = await answerTo(error);
      assert.deepEqual({ status: answer.status, body: answer.body, challenge: answer.challenge }, { challenge: undefined, ...expected });
    });
  }

  it('answers a token service that cannot be reached, or that refuses the gateway itself, 503 with a retry after 1 second', async () => {
    const cause = grpcRefusal(status.UNAUTHENTICATED, 'bad service secret', 'service_not_authenticated');
    for (const error of [tokenServiceAway(), new ServiceSecretRefused(cause)]) {
      assert.deepEqual(await answerTo(error), {
        status: 503,
        body: { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' },
        challenge: undefined,
        retryAfter: '1',
      });
    }
  });

  it('answers every other status 500 with the request id, never the details', async () => {
    for (const code of [status.INTERNAL, status.UNKNOWN, status.RESOURCE_EXHAUSTED, status.UNIMPLEMENTED, status.OUT_OF_RANGE, status.DATA_LOSS]) {
      const answer = await answerTo(grpcRefusal(code, 'relation "tokens" does not exist at 10.0.0.7'));
      assert.equal(answer.status, 500, status[code]);
      const { code: errorCode, message } = answer.body as { code: string; message: string };
      assert.equal(errorCode, 'internal_error');
      assert.match(message, /^Something went wrong on our side\. Quote request id req_[0-9a-f]{24} when reporting it\.$/);
    }
  });
});
