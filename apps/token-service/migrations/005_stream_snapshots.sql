-- A decider's state folded over a prefix of a stream (ADR 0007), so a command reads only the events after it instead
-- of the stream's whole history. Written in the transaction that appends the last event it covers, so it is never
-- ahead of the events. Keyed by the decider's state version: a snapshot of a shape the code no longer has is never
-- read. Only a cache of the events: deleting any row is always safe, the stream is then folded from its start.
create table stream_snapshots (
  stream_id text not null,
  state_version text not null,
  stream_version integer not null check (stream_version > 0),
  state jsonb not null,
  taken_at timestamptz not null default now(),
  primary key (stream_id, state_version)
);
