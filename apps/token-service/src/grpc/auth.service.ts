import { Type } from 'typebox';
import type { AuthServiceHandlers, LoginResponse, LogoutResponse } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { login } from '../auth/login.handler.ts';
import { logout } from '../auth/logout.handler.ts';
import { requireCaller } from './authentication.ts';
import { clientOf } from './messages.ts';
import type { Unary } from './unary.ts';

const LoginRequest = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  client: Type.Union([Type.Null(), Type.Object({ user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }) })]),
  client_type: Type.Union([Type.Literal(''), Type.Literal('browser')]),
});
const LogoutRequest = Type.Object({ everywhere: Type.Boolean() });

export function authService(ctx: TokenServiceContext, unary: Unary): AuthServiceHandlers {
  return {
    Login: unary('AuthService/Login', LoginRequest, async (request): Promise<LoginResponse> =>
      login(ctx, { login: request.login, password: request.password, userAgent: request.client?.user_agent ?? '', ip: request.client?.ip ?? '', clientType: request.client_type || undefined }),
    ),
    Logout: unary('AuthService/Logout', LogoutRequest, async (request, call): Promise<LogoutResponse> => ({
      expired: await logout(ctx, await requireCaller(ctx, call.metadata, clientOf(call.metadata)), request.everywhere),
    })),
  };
}
