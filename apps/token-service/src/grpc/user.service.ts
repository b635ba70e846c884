import { Type } from 'typebox';
import { EmailSchema, UserIdSchema, UsernameSchema, type ChangePasswordResponse, type LoginLockout, type User, type UserServiceHandlers } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { getLoginLockout, liftLoginLockout } from '../users/login-lockouts.ts';
import { changePassword, createUser, getUser, setUserActive } from '../users/user-commands.ts';
import { requireManager } from './authentication.ts';
import { userMessage } from './messages.ts';
import type { Unary } from './unary.ts';

const userId = UserIdSchema;
const password = Type.String({ minLength: 8, maxLength: 1024 });

const CreateUserRequest = Type.Object({
  username: UsernameSchema,
  email: EmailSchema,
  password,
  first_name: Type.String({ maxLength: 150 }),
  last_name: Type.String({ maxLength: 150 }),
  roles: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5 }),
});
const GetUserRequest = Type.Object({ user_id: Type.Union([Type.Literal(''), userId]), login: Type.String({ maxLength: 254 }) });
const DeactivateUserRequest = Type.Object({ user_id: userId, reason: Type.String({ maxLength: 255 }) });
const ReactivateUserRequest = Type.Object({ user_id: userId });
const LoginLockoutRequest = Type.Object({ login: Type.String({ minLength: 1, maxLength: 254 }) });
const ChangePasswordRequest = Type.Object({
  user_id: Type.Union([Type.Literal(''), userId]),
  current_password: Type.String({ maxLength: 1024 }),
  new_password: password,
});

export function userService(ctx: TokenServiceContext, unary: Unary): UserServiceHandlers {
  const caller = (metadata: Parameters<typeof requireManager>[1]) => requireManager(ctx, metadata);
  return {
    CreateUser: unary('UserService/CreateUser', CreateUserRequest, async (request, call): Promise<User> =>
      userMessage(await createUser(ctx, await caller(call.metadata), request)),
    ),
    GetUser: unary('UserService/GetUser', GetUserRequest, async (request, call): Promise<User> =>
      userMessage(await getUser(ctx, await caller(call.metadata), { userId: request.user_id, login: request.login })),
    ),
    DeactivateUser: unary('UserService/DeactivateUser', DeactivateUserRequest, async (request, call): Promise<User> =>
      userMessage(await setUserActive(ctx, await caller(call.metadata), request.user_id, false, request.reason)),
    ),
    ReactivateUser: unary('UserService/ReactivateUser', ReactivateUserRequest, async (request, call): Promise<User> =>
      userMessage(await setUserActive(ctx, await caller(call.metadata), request.user_id, true)),
    ),
    ChangePassword: unary('UserService/ChangePassword', ChangePasswordRequest, async (request, call): Promise<ChangePasswordResponse> => ({
      revoked_tokens: await changePassword(ctx, await caller(call.metadata), {
        userId: request.user_id,
        currentPassword: request.current_password,
        newPassword: request.new_password,
      }),
    })),
    GetLoginLockout: unary('UserService/GetLoginLockout', LoginLockoutRequest, async (request, call): Promise<LoginLockout> =>
      getLoginLockout(ctx, await caller(call.metadata), request.login),
    ),
    LiftLoginLockout: unary('UserService/LiftLoginLockout', LoginLockoutRequest, async (request, call): Promise<LoginLockout> =>
      liftLoginLockout(ctx, await caller(call.metadata), request.login),
    ),
  };
}
