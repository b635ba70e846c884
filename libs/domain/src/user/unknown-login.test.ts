import { describe, it } from 'node:test';
import { specification } from '../testing.ts';
import { unknownLoginDecider } from './unknown-login.ts';

const spec = specification(unknownLoginDecider);
const attempt = { client_type: 'sdk' as const, user_agent: 'sdk|py|0.30', ip: '10.0.0.9', at: '2026-11-23T10:00:00.000Z' };

describe('unknown login', () => {
  it('records a failed login for a name no user has, without the name', () =>
    spec.given([]).when({ type: 'RecordUnknownLogin', data: attempt }).then([{ type: 'UnknownLoginFailed', data: attempt }]));
});
