-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d), as POSTGRES_USER.
-- One database per service, as infra/local provisions them; each service creates its own tables at start.
-- To run it again: docker compose down -v (this deletes the data).
CREATE DATABASE tessera_token OWNER tessera;
CREATE DATABASE tessera_audit OWNER tessera;
