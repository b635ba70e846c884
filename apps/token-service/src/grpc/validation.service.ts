import { Type } from 'typebox';
import type { RecordUsesResponse, ValidateResponse, ValidationServiceHandlers } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import type { CredentialRecord } from '../validation/credential-lookup.ts';
import { validate, type Credential } from '../validation/validate.handler.ts';
import type { Unary } from './unary.ts';

const ClientContext = Type.Union([Type.Null(), Type.Object({ user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }) })]);
const ValidateRequest = Type.Object({
  credential: Type.Union([Type.Literal('token'), Type.Literal('api_key')], { description: 'token or api_key must be set' }),
  token: Type.Optional(Type.String({ maxLength: 512 })),
  api_key: Type.Optional(Type.Union([Type.Null(), Type.Object({ api_key: Type.String({ maxLength: 128 }), api_secret: Type.String({ maxLength: 512 }) })])),
  client: ClientContext,
});

const isoTime = Type.String({ format: 'date-time', maxLength: 40 });
const RecordUsesRequest = Type.Object({
  uses: Type.Array(
    Type.Object({
      credential: Type.Union([Type.Literal('token'), Type.Literal('api_key')]),
      token_id: Type.String({ minLength: 1, maxLength: 100 }),
      user_id: Type.String({ minLength: 1, maxLength: 100 }),
      client_type: Type.String({ maxLength: 20 }),
      count: Type.Integer({ minimum: 1 }),
      first_used_at: isoTime,
      last_used_at: isoTime,
      client: ClientContext,
    }),
    { maxItems: 10_000 },
  ),
});

// A record answered from memory is the same object each time: what it says is worked out once.
const descriptions = new WeakMap<CredentialRecord, Pick<ValidateResponse, 'user' | 'token' | 'policy'>>();

function describe(record: CredentialRecord): Pick<ValidateResponse, 'user' | 'token' | 'policy'> {
  let description = descriptions.get(record);
  if (!description) {
    const { policy, ...token } = record.token;
    const policyJson = policy === null || policy === undefined ? '' : JSON.stringify(policy);
    description = {
      user: record.user,
      token: { ...token, user_id: record.user.id, expires_at: token.expires_at ?? '', invalid_date: token.invalid_date ?? '', policy: policyJson },
      policy: policyJson,
    };
    descriptions.set(record, description);
  }
  return description;
}

export function validationService(ctx: TokenServiceContext, unary: Unary): ValidationServiceHandlers {
  return {
    Validate: unary('ValidationService/Validate', ValidateRequest, async (request): Promise<ValidateResponse> => {
      const credential: Credential =
        request.credential === 'token'
          ? { kind: 'token', token: request.token ?? '' }
          : { kind: 'api_key', apiKey: request.api_key?.api_key ?? '', secret: request.api_key?.api_secret ?? '' };
      const { code, record } = await validate(ctx, credential, { ip: request.client?.ip ?? '', userAgent: request.client?.user_agent ?? '' });
      return record ? { valid: code === 'VALID', code, ...describe(record) } : { valid: false, code };
    }),
    RecordUses: unary('ValidationService/RecordUses', RecordUsesRequest, async ({ uses }): Promise<RecordUsesResponse> => {
      for (const { client, ...use } of uses) ctx.usage.recordTally({ ...use, ip: client?.ip ?? '', user_agent: client?.user_agent ?? '' });
      return {};
    }),
  };
}
