export { loadTesseraProto, protoLoaderOptions, type TesseraGrpc } from './load-proto.ts';
export type { AuthServiceClient, AuthServiceHandlers } from './generated/tessera/v1/AuthService.ts';
export type { ClientContext } from './generated/tessera/v1/ClientContext.ts';
export type { IssuedToken } from './generated/tessera/v1/IssuedToken.ts';
export type { LoginRequest__Output as LoginRequest } from './generated/tessera/v1/LoginRequest.ts';
export type { LoginResponse, LoginResponse__Output } from './generated/tessera/v1/LoginResponse.ts';
export type { User as GrpcUser, User__Output as GrpcUser__Output } from './generated/tessera/v1/User.ts';
