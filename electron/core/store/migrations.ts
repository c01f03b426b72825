/**
 * Numbered migrations. The database's `user_version` is the number of the last one applied;
 * a migration is never edited once released: add a new one instead.
 */
export const migrations: readonly string[] = [
  // 1: providers, their keys, client state, backups, settings, routes, dashboard login links, local tokens
  `
  CREATE TABLE providers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    base_url      TEXT NOT NULL,
    anthropic_url TEXT NOT NULL,
    protocols     TEXT NOT NULL,
    models        TEXT NOT NULL DEFAULT '[]',
    preset        TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
  );
  CREATE TABLE provider_keys (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    sealed      TEXT NOT NULL,
    hint        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (provider_id, position)
  );
  CREATE TABLE client_state (
    client      TEXT PRIMARY KEY,
    provider_id INTEGER REFERENCES providers(id) ON DELETE SET NULL,
    mode        TEXT NOT NULL,
    model       TEXT,
    applied_at  INTEGER NOT NULL,
    written     TEXT NOT NULL
  );
  CREATE TABLE backups (
    id         INTEGER PRIMARY KEY,
    client     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    files      TEXT NOT NULL
  );
  CREATE INDEX backups_by_client ON backups(client, id);
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE routes (
    client     TEXT PRIMARY KEY,
    chain      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE login_tokens (
    hash       TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE local_tokens (
    client     TEXT PRIMARY KEY,
    sealed     TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  `,
];
