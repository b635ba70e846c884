import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientTypeFromUserAgent } from './client-type.ts';

describe('client type from User-Agent (QFieldCloud order)', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['qfield|3.2.1|android', 'qfield'],
    ['sdk|py|0.30.0', 'sdk'],
    ['cli|0.30.0', 'cli'],
    ['Mozilla/5.0 QGIS/34000/Windows 10', 'qfieldsync'],
    ['Mozilla/5.0 QGIS/32800', 'qfieldsync'],
    ['Mozilla/5.0 QGIS/22800', 'unknown'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'browser'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'browser'],
    ['curl/8.5.0', 'unknown'],
    ['worker', 'unknown'],
  ];
  for (const [userAgent, expected] of cases) {
    it(`${JSON.stringify(userAgent)} -> ${expected}`, () => assert.equal(clientTypeFromUserAgent(userAgent), expected));
  }
});
