-- Every event of the token service, once: the event id makes a repeated delivery a no-op.
create table audit_log (
  event_id uuid primary key,
  type text not null,
  schema_version integer not null,
  stream_id text not null,
  user_id text,
  occurred_at timestamptz not null,
  trace_id text,
  data jsonb not null,
  source_topic text not null,
  source_partition integer not null,
  source_offset bigint not null,
  projected_at timestamptz not null default now()
);
create index audit_log_user_time on audit_log (user_id, occurred_at desc);
create index audit_log_type_time on audit_log (type, occurred_at desc);

-- Messages that could not be read as events: kept with the reason, so the consumer can go on.
create table dead_letters (
  source_topic text not null,
  source_partition integer not null,
  source_offset bigint not null,
  reason text not null,
  message_key text,
  payload text,
  received_at timestamptz not null default now(),
  primary key (source_topic, source_partition, source_offset)
);
