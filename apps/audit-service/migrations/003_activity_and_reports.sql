-- Token activity also holds what the events say of each token and API key: issued when, for whom, until when,
-- revoked or expired and why. A credential issued but never used has a row, so the stale report sees it.
alter table token_activity
  alter column use_count set default 0,
  alter column first_used_at drop not null,
  alter column last_used_at drop not null,
  alter column last_ip drop not null,
  alter column last_user_agent drop not null,
  add column note text,
  add column issued_at timestamptz,
  add column expires_at timestamptz,
  add column revoked_at timestamptz,
  add column revoked_reason text,
  add column expired_at timestamptz,
  add column expired_reason text;
create index token_activity_last_used on token_activity (last_used_at nulls first) where revoked_at is null;

-- Failed logins of known users and of names no user has, by IP: who is guessing, and at what.
create table failed_logins (
  event_id uuid primary key,
  user_id text,
  ip text not null,
  client_type text not null,
  user_agent text not null,
  reason text not null,
  at timestamptz not null
);
create index failed_logins_user_time on failed_logins (user_id, at desc);
create index failed_logins_ip_time on failed_logins (ip, at desc);
create index failed_logins_time on failed_logins (at desc);

-- Validations per minute and client type, from the usage events.
create table uses_per_minute (
  minute timestamptz not null,
  client_type text not null,
  uses bigint not null,
  primary key (minute, client_type)
);

-- The audit log searched by client type, and paged newest first.
alter table audit_log add column client_type text generated always as (data->>'client_type') stored;
create index audit_log_time on audit_log (occurred_at desc, event_id desc);
create index audit_log_client_type_time on audit_log (client_type, occurred_at desc);
