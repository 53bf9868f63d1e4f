/**
 * The partner server's SQLite schema, versioned with `PRAGMA user_version`.
 *
 * @remarks
 * One row per agent (status and call-level state), its live call legs, its scheduled
 * status changes, its login sessions (only a hash of each token), its event log
 * (per-agent sequence numbers, so a reconnecting connector can resume), and the ACD
 * queue of customer calls. Every change of an agent is one transaction over these
 * tables, so a `kill -9` leaves either the state before or the state after it.
 */
import type Database from 'better-sqlite3';

/** The schema version this code writes. */
export const SCHEMA_VERSION = 1;

const V1 = `
CREATE TABLE agents (
  id                TEXT PRIMARY KEY,
  username          TEXT NOT NULL UNIQUE,
  password_hash     TEXT NOT NULL,
  extension         TEXT NOT NULL,
  active            INTEGER NOT NULL DEFAULT 1,
  status            TEXT NOT NULL DEFAULT 'OFFLINE',
  call_state        TEXT NOT NULL DEFAULT 'idle',
  muted             INTEGER NOT NULL DEFAULT 0,
  recording_paused  INTEGER NOT NULL DEFAULT 0,
  dtmf_count        INTEGER NOT NULL DEFAULT 0,
  next_schedule_seq INTEGER NOT NULL DEFAULT 0,
  idle_since        INTEGER NOT NULL DEFAULT 0,
  seq               INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE calls (
  id            TEXT PRIMARY KEY,
  agent_id      TEXT NOT NULL REFERENCES agents(id),
  role          TEXT NOT NULL,
  direction     TEXT NOT NULL,
  phone_number  TEXT NOT NULL,
  state         TEXT NOT NULL,
  parent_id     TEXT,
  created_at    INTEGER NOT NULL,
  ring_deadline INTEGER,
  barged_in     INTEGER
);
CREATE INDEX calls_by_agent ON calls(agent_id);
CREATE TABLE schedules (
  agent_id     TEXT NOT NULL REFERENCES agents(id),
  seq          INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  status       TEXT NOT NULL,
  duration_ms  INTEGER,
  break_status TEXT,
  PRIMARY KEY (agent_id, seq)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id   TEXT NOT NULL REFERENCES agents(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_agent ON sessions(agent_id);
CREATE TABLE events (
  agent_id TEXT NOT NULL REFERENCES agents(id),
  seq      INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  body     TEXT NOT NULL,
  PRIMARY KEY (agent_id, seq)
) WITHOUT ROWID;
CREATE TABLE links (
  id   TEXT PRIMARY KEY,
  body TEXT NOT NULL
);
CREATE TABLE queue (
  id           TEXT PRIMARY KEY,
  phone_number TEXT NOT NULL,
  enqueued_at  INTEGER NOT NULL,
  offered_to   TEXT REFERENCES agents(id),
  attempts     INTEGER NOT NULL DEFAULT 0
);
`;

/** Creates or upgrades the schema; refuses a database written by a newer version. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`database schema version ${version} is newer than this server's ${SCHEMA_VERSION}; use a newer server or another --db file`);
  }
  if (version < 1) {
    db.transaction(() => {
      db.exec(V1);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }
}
