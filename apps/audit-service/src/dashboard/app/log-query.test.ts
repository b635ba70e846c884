import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logQuery, type LogFilters } from './log-query.ts';

const none: LogFilters = { user_id: '', token_id: '', type: '', client_type: '', from: '', to: '' };

describe('the audit log\'s search query', () => {
  it('sends only the filled filters, so an empty form asks for the whole log', () => {
    assert.equal(logQuery(none).toString(), '');
    assert.equal(logQuery({ ...none, type: 'TokenIssued', client_type: 'cli' }).toString(), 'type=TokenIssued&client_type=cli');
  });

  it('sends the pickers\' local times as instants in UTC', () => {
    const params = logQuery({ ...none, from: '2026-11-01T08:30', to: '2026-11-02T08:30' });
    assert.equal(params.get('from'), new Date(2026, 10, 1, 8, 30).toISOString());
    assert.equal(params.get('to'), new Date(2026, 10, 2, 8, 30).toISOString());
  });

  it('refuses a time it cannot read, and a range that ends before it starts, naming the field', () => {
    assert.throws(() => logQuery({ ...none, from: 'yesterday' }), /^Error: from is not a date and time\.$/);
    assert.throws(() => logQuery({ ...none, from: '2026-11-02T08:30', to: '2026-11-01T08:30' }), /"From" must be before "To"/);
    assert.throws(() => logQuery({ ...none, from: '2026-11-02T08:30', to: '2026-11-02T08:30' }), /"From" must be before "To"/);
  });
});
