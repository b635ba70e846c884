-- The source of truth: an append-only log of every change, one stream per aggregate.
create table events (
  global_position bigint generated always as identity primary key,
  event_id uuid not null unique,
  stream_id text not null,
  stream_version integer not null check (stream_version > 0),
  type text not null,
  schema_version integer not null,
  data jsonb not null,
  metadata jsonb not null default '{}',
  recorded_at timestamptz not null default now(),
  -- Optimistic concurrency: two writers deciding on the same stream version cannot both commit.
  constraint events_stream_version_unique unique (stream_id, stream_version)
);

-- Events waiting for the relay to publish them to Kafka; written in the transaction that appends them.
create table outbox (
  global_position bigint primary key references events (global_position),
  topic text not null,
  message_key text not null,
  payload jsonb not null,
  enqueued_at timestamptz not null default now()
);
