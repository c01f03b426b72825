const TOTALS = ['calls', 'errors', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens', 'reasoning_tokens', 'cost_usd', 'unpriced'];

/**
 * Migration 15 for one totals table: rebuilt with the endpoint in its key, from the calls' parts per
 * endpoint (endpoint_parts, per quarter hour) and, under '', what is left of each row beyond them.
 * The parts' bucket is cast to INTEGER so the join's automatic index holds it: without an affinity, it
 * did not, and each totals row read every part of its model (a million calls took 4 minutes, not 15 s).
 * The cast changes no value, so a file upgraded before it holds the same schema and rows.
 */
function splitTotalsByEndpoint(table: string, bucket: string, quarters: number): string {
  const summed = TOTALS.map((c) => `sum(${c}) AS ${c}`).join(', ');
  return `
  CREATE TABLE ${table}_by_endpoint (
    ${bucket} INTEGER NOT NULL, client TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, endpoint TEXT NOT NULL,
    ${TOTALS.map((c) => `${c} ${c === 'cost_usd' ? 'REAL' : 'INTEGER'} NOT NULL`).join(', ')},
    PRIMARY KEY (${bucket}, client, provider, model, endpoint)
  ) WITHOUT ROWID;
  INSERT INTO ${table}_by_endpoint (${bucket}, client, provider, model, endpoint, ${TOTALS.join(', ')})
    SELECT quarter / ${quarters}, client, provider, model, endpoint, ${summed} FROM endpoint_parts GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO ${table}_by_endpoint (${bucket}, client, provider, model, endpoint, ${TOTALS.join(', ')})
    SELECT t.${bucket}, t.client, t.provider, t.model, '', ${TOTALS.map((c) => `t.${c} - coalesce(p.${c}, 0)`).join(', ')}
    FROM ${table} AS t LEFT JOIN (
      SELECT CAST(quarter / ${quarters} AS INTEGER) AS ${bucket}, client, provider, model, ${summed} FROM endpoint_parts GROUP BY 1, 2, 3, 4
    ) AS p USING (${bucket}, client, provider, model)
    WHERE t.calls > coalesce(p.calls, 0);
  DROP TABLE ${table};
  ALTER TABLE ${table}_by_endpoint RENAME TO ${table};`;
}

/**
 * Numbered migrations. The database's `user_version` is the number of the last one applied;
 * a migration is never edited once released: add a new one instead.
 */
export const migrations: readonly string[] = [
  // 1: providers, their keys, client state, backups, settings, routes, dashboard login links, local tokens,
  //    prices and the usage ledger
  `
  CREATE TABLE providers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    base_url      TEXT NOT NULL,
    anthropic_url TEXT NOT NULL,
    protocols     TEXT NOT NULL,
    models        TEXT NOT NULL DEFAULT '[]',
    preset        TEXT,
    group_ratio   REAL NOT NULL DEFAULT 1,
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
  CREATE TABLE prices (
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    input       REAL NOT NULL,
    output      REAL NOT NULL,
    cache_read  REAL NOT NULL,
    cache_write REAL NOT NULL,
    source      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (provider_id, model)
  );
  CREATE TABLE usage_calls (
    id                  INTEGER PRIMARY KEY,
    ts                  INTEGER NOT NULL,
    request_id          TEXT NOT NULL,
    client              TEXT NOT NULL,
    provider            TEXT,
    requested_model     TEXT,
    served_model        TEXT,
    protocol_in         TEXT NOT NULL,
    protocol_out        TEXT,
    streamed            INTEGER NOT NULL,
    status              INTEGER NOT NULL,
    error_class         TEXT,
    input_tokens        INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens   INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens  INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    estimated           INTEGER NOT NULL DEFAULT 0,
    ttfb_ms             INTEGER,
    total_ms            INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 1,
    failed_providers    TEXT NOT NULL DEFAULT '[]',
    upstream_request_id TEXT,
    cost_usd            REAL NOT NULL DEFAULT 0,
    price               TEXT NOT NULL
  );
  CREATE INDEX usage_calls_ts ON usage_calls(ts);
  -- Hourly totals kept beside the rows so usage queries never scan a million calls.
  CREATE TABLE usage_hourly (
    hour               INTEGER NOT NULL,
    client             TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT NOT NULL,
    calls              INTEGER NOT NULL,
    errors             INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           REAL NOT NULL,
    PRIMARY KEY (hour, client, provider, model)
  );
  `,
  // 2: per-model output limits on providers, route options (mapping, strict model, retry rules);
  //    the hourly usage totals stored in key order (WITHOUT ROWID), so a month's query reads them in one pass.
  `
  ALTER TABLE providers ADD COLUMN output_limits TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE routes ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
  CREATE TABLE usage_hourly_keyed (
    hour               INTEGER NOT NULL,
    client             TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT NOT NULL,
    calls              INTEGER NOT NULL,
    errors             INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           REAL NOT NULL,
    PRIMARY KEY (hour, client, provider, model)
  ) WITHOUT ROWID;
  INSERT INTO usage_hourly_keyed SELECT * FROM usage_hourly;
  DROP TABLE usage_hourly;
  ALTER TABLE usage_hourly_keyed RENAME TO usage_hourly;
  `,
  // 3: gateway accounts (console login, access token or key, sealed) and the providers made from their keys.
  `
  CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind           TEXT NOT NULL,
    base_url       TEXT NOT NULL,
    auth           TEXT NOT NULL,
    username       TEXT,
    user_id        INTEGER,
    credential     TEXT NOT NULL,
    credential_hint TEXT NOT NULL,
    session        TEXT,
    low_balance    REAL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
  );
  CREATE TABLE account_providers (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    key_id      INTEGER,
    key_group   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, provider_id)
  );
  `,
  // 4: the sentence of a failed call (before or after its first byte) kept with its ledger row, so the
  //    calls list and the diagnostic can say what went wrong; a call its client abandoned is error_class 'cancelled'.
  `
  ALTER TABLE usage_calls ADD COLUMN error_message TEXT;
  -- Counting a window's cancelled calls reads only them, not every call of the window.
  CREATE INDEX usage_calls_cancelled ON usage_calls(ts) WHERE error_class = 'cancelled';
  `,
  // 5: a cache price may be unset (null) instead of copied from the
  //    input price; a call that used tokens without a price is marked, and counted per hour, so
  //    totals say "$x + n calls without a price" instead of pricing them at $0.
  `
  CREATE TABLE prices_unset_cache (
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    input       REAL NOT NULL,
    output      REAL NOT NULL,
    cache_read  REAL,
    cache_write REAL,
    source      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (provider_id, model)
  );
  INSERT INTO prices_unset_cache SELECT provider_id, model, input, output, cache_read, cache_write, source, updated_at FROM prices;
  DROP TABLE prices;
  ALTER TABLE prices_unset_cache RENAME TO prices;
  ALTER TABLE usage_calls ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
  UPDATE usage_calls SET unpriced = 1
    WHERE json_extract(price, '$.source') = 'none' AND input_tokens + output_tokens + cache_read_tokens + cache_write_tokens > 0;
  ALTER TABLE usage_hourly ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
  UPDATE usage_hourly SET unpriced = counted.n
    FROM (
      SELECT ts / 3600000 AS hour, client, coalesce(provider, '') AS provider, coalesce(served_model, requested_model, '') AS model, count(*) AS n
      FROM usage_calls WHERE unpriced = 1 GROUP BY 1, 2, 3, 4
    ) AS counted
    WHERE usage_hourly.hour = counted.hour AND usage_hourly.client = counted.client
      AND usage_hourly.provider = counted.provider AND usage_hourly.model = counted.model;
  `,
  // 6: daily totals beside the hourly ones (UTC days), so a month's totals per model, provider or
  //    client read about 30 rows per group instead of 720 (and no longer sort a month of hourly rows).
  `
  CREATE TABLE usage_daily (
    day                INTEGER NOT NULL,
    client             TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT NOT NULL,
    calls              INTEGER NOT NULL,
    errors             INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           REAL NOT NULL,
    unpriced           INTEGER NOT NULL,
    PRIMARY KEY (day, client, provider, model)
  ) WITHOUT ROWID;
  INSERT INTO usage_daily
    SELECT hour / 24, client, provider, model, sum(calls), sum(errors), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
           sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(unpriced)
    FROM usage_hourly GROUP BY 1, 2, 3, 4;
`,
  // 7: the backup holding each file as it was before Switchboard first changed it (the user's original),
  //    which pruning keeps. For the backups already kept, the oldest copy of a file is its original only
  //    where the tool has fewer than 20 (none pruned yet); otherwise the original may be gone, and the
  //    file is recorded with no backup so that no later copy is called its original.
  `
  CREATE TABLE backup_originals (
    client    TEXT NOT NULL,
    path      TEXT NOT NULL,
    backup_id INTEGER REFERENCES backups(id),
    PRIMARY KEY (client, path)
  );
  INSERT INTO backup_originals (client, path, backup_id)
    SELECT b.client, json_extract(f.value, '$.path'),
           CASE WHEN (SELECT count(*) FROM backups AS c WHERE c.client = b.client) < 20 THEN min(b.id) END
    FROM backups AS b, json_each(b.files, '$.files') AS f
    GROUP BY b.client, json_extract(f.value, '$.path');
`,
  // 8: quarter-hour totals, so usage by local day and hour in a zone off the whole hour (+5:30, +5:45,
  //    -3:30) reads the UTC hours that cross a local boundary from them instead of from the calls.
  //    Built from the calls, which the ledger never prunes; errors and unpriced as the ledger counts them.
  `
  CREATE TABLE usage_quarterly (
    quarter            INTEGER NOT NULL,
    client             TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT NOT NULL,
    calls              INTEGER NOT NULL,
    errors             INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           REAL NOT NULL,
    unpriced           INTEGER NOT NULL,
    PRIMARY KEY (quarter, client, provider, model)
  ) WITHOUT ROWID;
  INSERT INTO usage_quarterly
    SELECT ts / 900000, client, coalesce(provider, ''), coalesce(served_model, requested_model, ''), count(*),
           sum((status >= 400 OR error_class IS NOT NULL) AND error_class IS NOT 'cancelled'), sum(input_tokens), sum(output_tokens),
           sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(unpriced)
    FROM usage_calls GROUP BY 1, 2, 3, 4;
`,
  // 9: prices an earlier price sync stored with float noise (0.30000000000000004) read back as the sync
  //    now writes them, rounded to a billionth of a dollar per million tokens (roundPrice).
  `
  UPDATE prices SET input = round(input, 9), output = round(output, 9), cache_read = round(cache_read, 9), cache_write = round(cache_write, 9)
    WHERE source = 'gateway';
`,
  // 10: each call's endpoint (messages, chat, embeddings, audio.speech, ...: shared/callEndpoint.ts), unknown (NULL)
  //     for the calls before it; and which of its counts were estimated ('all', 'output', NULL for none). An
  //     estimated call before it was marked as a whole, so it reads 'all', as it did.
  `
  ALTER TABLE usage_calls ADD COLUMN endpoint TEXT;
  ALTER TABLE usage_calls ADD COLUMN estimated_counts TEXT;
  UPDATE usage_calls SET estimated_counts = 'all' WHERE estimated = 1;
`,
  // 11: 1-hour cache writes, which Anthropic bills at twice the input price (a 5-minute write at 1.25
  //     times): a model's 1-hour write price (NULL: unset, twice the input price where cache writes have
  //     a price), and how many of a call's cache writes were kept an hour (0 for the calls before it).
  `
  ALTER TABLE prices ADD COLUMN cache_write_1h REAL;
  ALTER TABLE usage_calls ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
`,
  // 12: why a backup was taken as a code and its figures (JSON: shared/schemas.ts backupReasonSchema), so the
  //     dashboard words it in its language; NULL for the backups before it, whose English reason is shown as kept.
  //     reason still holds the English sentence, which a release before this one shows.
  `
  ALTER TABLE backups ADD COLUMN reason_code TEXT;
`,
  // 13: the calls a route's mapping served under another model than the one asked for, indexed apart (few, and
  //     only they): usage --model matches the served model, and says how many calls asked for it by a name
  //     that was mapped away, without reading a month of calls.
  `
  CREATE INDEX usage_calls_mapped ON usage_calls(requested_model, ts, served_model, client, provider)
    WHERE served_model IS NOT requested_model;
`,
  // 14: the 1-hour part of the cache writes in the totals too (cache_write_tokens counts them already), so
  //     totals show it apart as the calls do; summed from the calls that kept any, which the ledger never prunes.
  `
  ALTER TABLE usage_quarterly ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE usage_hourly ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE usage_daily ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
  CREATE TEMP TABLE one_hour_writes AS
    SELECT ts / 900000 AS quarter, client, coalesce(provider, '') AS provider, coalesce(served_model, requested_model, '') AS model,
           sum(cache_write_1h_tokens) AS tokens
    FROM usage_calls WHERE cache_write_1h_tokens > 0 GROUP BY 1, 2, 3, 4;
  UPDATE usage_quarterly SET cache_write_1h_tokens = w.tokens FROM one_hour_writes AS w
    WHERE usage_quarterly.quarter = w.quarter AND usage_quarterly.client = w.client
      AND usage_quarterly.provider = w.provider AND usage_quarterly.model = w.model;
  UPDATE usage_hourly SET cache_write_1h_tokens = w.tokens
    FROM (SELECT quarter / 4 AS hour, client, provider, model, sum(tokens) AS tokens FROM one_hour_writes GROUP BY 1, 2, 3, 4) AS w
    WHERE usage_hourly.hour = w.hour AND usage_hourly.client = w.client AND usage_hourly.provider = w.provider AND usage_hourly.model = w.model;
  UPDATE usage_daily SET cache_write_1h_tokens = w.tokens
    FROM (SELECT quarter / 96 AS day, client, provider, model, sum(tokens) AS tokens FROM one_hour_writes GROUP BY 1, 2, 3, 4) AS w
    WHERE usage_daily.day = w.day AND usage_daily.client = w.client AND usage_daily.provider = w.provider AND usage_daily.model = w.model;
  DROP TABLE one_hour_writes;
`,
  // 15: the endpoint in the totals' key ('' for calls from before the ledger kept it), so usage by endpoint
  //     and narrowed to one is read from the totals too. Each totals row is split by the endpoints of its
  //     calls; whatever the calls with a known endpoint do not account for stays under ''. Totals are kept whole.
  `
  CREATE TEMP TABLE endpoint_parts AS
    SELECT ts / 900000 AS quarter, client, coalesce(provider, '') AS provider, coalesce(served_model, requested_model, '') AS model,
           endpoint, count(*) AS calls, sum((status >= 400 OR error_class IS NOT NULL) AND error_class IS NOT 'cancelled') AS errors,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_write_tokens) AS cache_write_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
           sum(reasoning_tokens) AS reasoning_tokens, sum(cost_usd) AS cost_usd, sum(unpriced) AS unpriced
    FROM usage_calls WHERE endpoint IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  ${['quarter', 'hour', 'day'].map((bucket, i) => splitTotalsByEndpoint(['usage_quarterly', 'usage_hourly', 'usage_daily'][i], bucket, [1, 4, 96][i])).join('\n')}
  DROP TABLE endpoint_parts;
`,
  // 16: a provider's, a client's, a model's or the failed calls of a window, as the calls list filters them and
  //     the audit reads them, found without walking every call of the window: on a million-row ledger a filtered
  //     page took 400-600 ms and an audit of a provider with no calls a second. The model's and the failed
  //     calls' indexes hold usage.ts's model column and FAILED_SQL term for term, or the planner cannot use them.
  `
  CREATE INDEX usage_calls_provider_ts ON usage_calls(provider, ts);
  CREATE INDEX usage_calls_client_ts ON usage_calls(client, ts);
  CREATE INDEX usage_calls_model_ts ON usage_calls(coalesce(served_model, requested_model, ''), ts);
  CREATE INDEX usage_calls_failed ON usage_calls(ts) WHERE (status >= 400 OR error_class IS NOT NULL) AND error_class IS NOT 'cancelled';
`,
  // 17: a failed call's sentence as the proxy worded it, as a code and its figures (JSON: shared/callFailure.ts
  //     callFailureSchema without its code), so the dashboard words it in its language; NULL for the calls before
  //     it and for sentences the proxy did not word (the gateway's words alone), whose English error_message is shown as kept.
  //     error_message still holds the English sentence, which the command line and a release before this one show.
  `
  ALTER TABLE usage_calls ADD COLUMN error_code TEXT;
  ALTER TABLE usage_calls ADD COLUMN error_figures TEXT;
`,
  // 18: a provider's id is never given again once it was used, so nothing kept by id (a breaker's state, in the
  //     database or in a running proxy's memory) passes from a removed provider to the next one added. The table
  //     is not rebuilt as AUTOINCREMENT (routes and other tables point at it): new providers take the mark + 1,
  //     and the trigger keeps the mark at the highest id ever inserted. It starts above the ids the breakers' kept
  //     states still name, removed providers' from before this release among them.
  `
  CREATE TABLE provider_id_mark (last INTEGER NOT NULL);
  INSERT INTO provider_id_mark SELECT max(
    coalesce((SELECT max(id) FROM providers), 0),
    coalesce((SELECT max(CAST(j.key AS INTEGER)) FROM settings AS s, json_each(CASE WHEN json_valid(s.value) THEN s.value ELSE '{}' END) AS j
                WHERE s.key = 'proxy.breakers'), 0)
  );
  CREATE TRIGGER provider_id_mark_follows AFTER INSERT ON providers BEGIN
    UPDATE provider_id_mark SET last = max(last, NEW.id);
  END;
`,
];
