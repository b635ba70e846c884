-- The audit log searched by token or API key id (one column for both, as ops think of them as one thing).
alter table audit_log add column token_id text generated always as (coalesce(data->>'token_id', data->>'api_key')) stored;
create index audit_log_token_time on audit_log (token_id, occurred_at desc) where token_id is not null;

-- The soon-expiring report: active credentials by expiry.
create index token_activity_expires on token_activity (expires_at) where revoked_at is null and expired_at is null;
