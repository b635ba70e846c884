import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseName } from './database.ts';

describe('testDatabaseName', () => {
  it('is t_<label>_<8 hex>, lower-cased and reduced to [a-z0-9_]', () => {
    assert.match(testDatabaseName('Token-Service repo'), /^t_token_service_repo_[0-9a-f]{8}$/);
  });

  it('fits PostgreSQL identifiers (63 characters) whatever the label', () => {
    const name = testDatabaseName('x'.repeat(200));
    assert.equal(name.length, 63);
    assert.match(name, /^t_x+_[0-9a-f]{8}$/);
  });

  it('differs between calls with the same label', () => {
    assert.notEqual(testDatabaseName('same'), testDatabaseName('same'));
  });
});
