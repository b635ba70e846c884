-- How far each partition has been applied, written in the transaction that applied it: a message delivered again
-- (after a crash before Kafka's commit, or a rebalance) is recognised by its offset and skipped.
create table consumer_positions (
  topic text not null,
  partition integer not null,
  next_offset bigint not null,
  primary key (topic, partition)
);

-- When each token and API key was last used, how often, and from where, from the usage events.
create table token_activity (
  token_id text primary key,
  user_id text not null,
  credential text not null,
  client_type text not null,
  use_count bigint not null,
  first_used_at timestamptz not null,
  last_used_at timestamptz not null,
  last_ip text not null,
  last_user_agent text not null
);
create index token_activity_user on token_activity (user_id);

-- Usage events already counted, by id: a producer that sent one twice (a retry after a lost acknowledgement)
-- would otherwise count its uses twice, since a second copy has an offset of its own.
create table counted_usage_events (
  event_id uuid primary key,
  counted_at timestamptz not null default now()
);
