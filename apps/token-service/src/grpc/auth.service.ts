import { Type } from 'typebox';
import { PermissionError } from '@tessera/domain';
import type { AuthServiceHandlers, LoginResponse, LogoutResponse } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { login } from '../auth/login.handler.ts';
import { logout } from '../auth/logout.handler.ts';
import { requireCaller } from './caller.ts';
import { clientOf } from './messages.ts';
import type { Unary } from './unary.ts';

const LoginRequest = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  client: Type.Union([Type.Null(), Type.Object({ user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }) })]),
});
const LogoutRequest = Type.Object({ everywhere: Type.Boolean() });

export function authService(ctx: TokenServiceContext, unary: Unary): AuthServiceHandlers {
  return {
    Login: unary('AuthService/Login', LoginRequest, async (request): Promise<LoginResponse> =>
      login(ctx, { login: request.login, password: request.password, userAgent: request.client?.user_agent ?? '', ip: request.client?.ip ?? '' }),
    ),
    Logout: unary('AuthService/Logout', LogoutRequest, async (request, call): Promise<LogoutResponse> => {
      const caller = await requireCaller(ctx, call.metadata, clientOf(call.metadata));
      if (caller.credential === 'api_key') throw new PermissionError('permission_denied', 'An API key cannot log out; generate a new secret to retire the old one.');
      if (request.everywhere && caller.restricted) {
        throw new PermissionError('permission_denied', 'A token with a policy cannot log its user out everywhere; use an unrestricted token.');
      }
      return { expired: await logout(ctx, caller, request.everywhere) };
    }),
  };
}
