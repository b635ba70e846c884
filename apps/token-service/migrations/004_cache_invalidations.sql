-- Cache keys to tombstone in Redis, written in the transaction of the event that made them stale (an outbox for
-- the validation cache). Rows leave only once Redis has taken them; while any remain, no instance reads the cache.
create table cache_invalidations (
  id bigserial primary key,
  cache_key text not null,
  created_at timestamptz not null default now()
);
