-- The state the hot paths read, kept in step with the events in the transaction that appends them.
create table users (
  user_id text primary key,
  username text not null,
  email text not null,
  first_name text not null,
  last_name text not null,
  roles text[] not null,
  password_hash text not null,
  active boolean not null,
  registered_at timestamptz not null
);
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

create table tokens (
  token_id text primary key,
  user_id text not null references users (user_id),
  token_digest text not null unique,
  masked text not null,
  client_type text not null,
  user_agent text not null,
  note text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index tokens_user_client_type on tokens (user_id, client_type);
