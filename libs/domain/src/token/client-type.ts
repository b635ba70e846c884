/** Client types from QFieldCloud: single-token clients keep one active token per user, the others several. */
export const clientTypes = ['qfield', 'qfieldsync', 'sdk', 'cli', 'browser', 'worker', 'unknown'] as const;
export type ClientType = (typeof clientTypes)[number];

export const singleTokenClientTypes: ReadonlySet<ClientType> = new Set(['qfield', 'qfieldsync', 'unknown']);

const qgisPlugin = / QGIS\/[34]\d{4}(\/.*)?$/;
const browser = /^Mozilla\/5\.0 .+?(AppleWebKit\/\d{1,5}.\d{1,5} \(KHTML, like Gecko\)|Firefox\/[\d.]{1,5})/;

/** Derived in QFieldCloud's order; `worker` is never guessed from a User-Agent. */
export function clientTypeFromUserAgent(userAgent: string | undefined): ClientType {
  if (!userAgent) return 'unknown';
  if (userAgent.startsWith('qfield|')) return 'qfield';
  if (userAgent.startsWith('sdk|')) return 'sdk';
  if (userAgent.startsWith('cli|')) return 'cli';
  if (qgisPlugin.test(userAgent)) return 'qfieldsync';
  if (browser.test(userAgent)) return 'browser';
  return 'unknown';
}
