import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from './unique.ts';

describe('uniqueName', () => {
  it('is the label, a dash and 8 hex digits', () => {
    assert.match(uniqueName('audit-events'), /^audit-events-[0-9a-f]{8}$/);
  });

  it('differs between calls', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('t')));
    assert.equal(names.size, 100);
  });
});
