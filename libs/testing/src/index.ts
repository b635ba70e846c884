export { createTestDatabase, type TestDatabase } from './database.ts';
export { migratedTestDatabase, type MigratedTestDatabase } from './migrated-database.ts';
export {
  getInfrastructure,
  infrastructureFromEnv,
  infrastructureVariables,
  resolveInfrastructure,
  type Infrastructure,
  type ResolvedInfrastructure,
} from './infrastructure.ts';
export { scanLogs, type LeakKind, type LogLeak, type LogScan } from './log-scan.ts';
export { testPassword, testPasswordPattern } from './passwords.ts';
export { freePort } from './ports.ts';
export { gatewayCall, gatewayLogin } from './gateway-login.ts';
export { startPrivateServer, type PrivateServer, type PrivateServerKind } from './private-server.ts';
export { startServiceProcess, type ServiceExit, type ServiceProcess, type ServiceProcessOptions } from './service-process.ts';
export { uniqueName } from './unique.ts';
export { repoRoot } from './repo-root.ts';
export { waitFor, type Probe, type WaitOptions } from './wait.ts';
export { grpcHealthStatus } from './grpc-health.ts';
export { listGrpcServices } from './grpc-reflection.ts';
export { bootstrapAdmin, startPlatform, startupFailure, type Platform, type RunningProcess, type ServiceEntry, type ServiceName } from './platform.ts';
export { refusal, tokenServiceClient, type TokenServiceTestClient } from './token-service-client.ts';
export { launchChromium, saveScreenshot, screenshotDirectory } from './browser.ts';
export { clientTool, type ClientTool } from './client-tools.ts';
export { runCommand, type CommandResult } from './command.ts';
export { startSecuredRedis, type SecuredRedis } from './secured-redis.ts';
export { makeTestCertificates, type TestCertificateName, type TestCertificates } from './certificates.ts';
export { tlsServerPair, type TlsServerPair } from './tls-server-pair.ts';
export { configProblems, pemLookalikes } from './config-problems.ts';
