import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketFor } from './summary.query.ts';

describe('the summary\'s bucket: the finest asked for that keeps the series within 1,500 points', () => {
  it('keeps minutes up to a day (1,441 points with the cut first one), hours beyond', () => {
    assert.equal(bucketFor(24, 'minute'), 'minute');
    assert.equal(bucketFor(25, 'minute'), 'hour');
  });

  it('widens hours to days past 1,499 hours, and never narrows what was asked for', () => {
    assert.equal(bucketFor(1499, 'hour'), 'hour');
    assert.equal(bucketFor(1500, 'hour'), 'day');
    assert.equal(bucketFor(2160, 'minute'), 'day');
    assert.equal(bucketFor(1, 'day'), 'day');
  });
});
