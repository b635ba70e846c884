export { ConfigError, StartupError } from './config-error.ts';
export { loadConfig, type ConfigOf } from './load-config.ts';
export { cidrList, file, flag, hostPort, hostPortList, integer, json, oneOf, optional, pemFile, secret, text, url, type GroupReader, type Reader, type HostPort } from './readers.ts';
export { tlsClient, tlsServer, type TlsClientSettings, type TlsServerSettings } from './tls.ts';
export { developmentMode, refuseDevelopmentSettings } from './development-mode.ts';
export { raceDeadline, withDeadline } from './with-deadline.ts';
export { findUp } from './find-up.ts';
export { secretCheck } from './secrets-match.ts';
export { serviceProcessEnvironment } from './process-environment.ts';
