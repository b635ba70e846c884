-- Djblets' validity triple, and the token's policy (null: full access).
alter table tokens
  add column valid boolean not null default true,
  add column invalid_reason text not null default '',
  add column invalid_date timestamptz,
  add column policy jsonb;

-- Frappe's API keys: one stable key per user; only the current secret's digest is kept.
create table api_keys (
  api_key text primary key,
  user_id text not null unique references users (user_id),
  secret_digest text not null unique,
  masked_secret text not null,
  created_at timestamptz not null,
  secret_issued_at timestamptz not null
);
