export { ConfigError, StartupError } from './config-error.ts';
export { loadConfig, type ConfigOf } from './load-config.ts';
export { cidrList, hostPort, hostPortList, integer, json, oneOf, optional, pemFile, secret, text, url, type Reader, type HostPort } from './readers.ts';
export { raceDeadline, withDeadline } from './with-deadline.ts';
export { findUp } from './find-up.ts';
export { secretCheck } from './secrets-match.ts';
export { serviceProcessEnvironment } from './process-environment.ts';
