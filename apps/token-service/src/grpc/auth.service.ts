import { Type } from 'typebox';
import type { AuthServiceHandlers, LoginResponse } from '@tessera/contracts';
import type { Logger } from '@tessera/telemetry';
import { login, type LoginDependencies } from '../auth/login.handler.ts';
import { unary } from './unary.ts';

const LoginRequest = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  client: Type.Union([
    Type.Null(),
    Type.Object({ user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }) }),
  ]),
});

export function authService(deps: LoginDependencies, logger: Logger): AuthServiceHandlers {
  return {
    Login: unary('AuthService/Login', LoginRequest, logger, async (request): Promise<LoginResponse> =>
      login(deps, { login: request.login, password: request.password, userAgent: request.client?.user_agent ?? '', ip: request.client?.ip ?? '' }),
    ),
  };
}
