/**
 * Every SQL statement of the partner server, prepared once per database, and the row
 * shapes they read. Only `./repository.ts` uses them.
 */
import type Database from 'better-sqlite3';
import type { StoredEvent } from './stored-types';

export interface AgentRow {
  status: string;
  call_state: string;
  muted: number;
  recording_paused: number;
  dtmf_count: number;
  next_schedule_seq: number;
  idle_since: number;
  seq: number;
}

export interface LegRow {
  id: string;
  role: string;
  direction: string;
  phone_number: string;
  state: string;
  parent_id: string | null;
  created_at: number;
  ring_deadline: number | null;
  barged_in: number | null;
}

export interface ScheduleRow {
  seq: number;
  at: number;
  kind: string;
  status: string;
  duration_ms: number | null;
  break_status: string | null;
}

export interface QueueRow {
  id: string;
  phone_number: string;
  enqueued_at: number;
  offered_to: string | null;
  attempts: number;
}

/** Prepares every statement of the repository on `db` (after the schema migration). */
export function prepareStatements(db: Database.Database) {
  return {
    insertAgent: db.prepare(
      'INSERT INTO agents (id, username, password_hash, extension) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET username = excluded.username, password_hash = excluded.password_hash, extension = excluded.extension, active = 1',
    ),
    allAgentIds: db.prepare<[], { id: string }>('SELECT id FROM agents'),
    deactivate: db.prepare("UPDATE agents SET active = 0, username = 'removed:' || id, extension = 'removed:' || id WHERE id = ?"),
    deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE agent_id = ?'),
    agentByUsername: db.prepare<[string], { id: string; username: string; password_hash: string; extension: string }>('SELECT id, username, password_hash, extension FROM agents WHERE username = ? AND active = 1'),
    agents: db.prepare<[], { id: string; username: string; password_hash: string; extension: string }>('SELECT id, username, password_hash, extension FROM agents WHERE active = 1 ORDER BY id'),
    links: db.prepare<[], { id: string; body: string }>('SELECT id, body FROM links'),
    putLink: db.prepare('INSERT OR REPLACE INTO links (id, body) VALUES (?, ?)'),
    deleteLink: db.prepare('DELETE FROM links WHERE id = ?'),
    agentRow: db.prepare<[string], AgentRow>('SELECT status, call_state, muted, recording_paused, dtmf_count, next_schedule_seq, idle_since, seq FROM agents WHERE id = ?'),
    legs: db.prepare<[string], LegRow>('SELECT id, role, direction, phone_number, state, parent_id, created_at, ring_deadline, barged_in FROM calls WHERE agent_id = ? ORDER BY created_at, rowid'),
    schedule: db.prepare<[string], ScheduleRow>('SELECT seq, at, kind, status, duration_ms, break_status FROM schedules WHERE agent_id = ? ORDER BY at, seq'),
    updateAgent: db.prepare('UPDATE agents SET status = ?, call_state = ?, muted = ?, recording_paused = ?, dtmf_count = ?, next_schedule_seq = ?, idle_since = ?, seq = ? WHERE id = ?'),
    deleteLegs: db.prepare('DELETE FROM calls WHERE agent_id = ?'),
    insertLeg: db.prepare('INSERT INTO calls (id, agent_id, role, direction, phone_number, state, parent_id, created_at, ring_deadline, barged_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    deleteSchedule: db.prepare('DELETE FROM schedules WHERE agent_id = ?'),
    insertSchedule: db.prepare('INSERT INTO schedules (agent_id, seq, at, kind, status, duration_ms, break_status) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertEvent: db.prepare('INSERT INTO events (agent_id, seq, at, body) VALUES (?, ?, ?, ?)'),
    trimEvents: db.prepare('DELETE FROM events WHERE agent_id = ? AND seq <= ?'),
    eventsAfter: db.prepare<[string, number], StoredEvent>('SELECT seq, at, body FROM events WHERE agent_id = ? AND seq > ? ORDER BY seq'),
    firstSeq: db.prepare<[string], { first: number | null }>('SELECT MIN(seq) AS first FROM events WHERE agent_id = ?'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string], { agent_id: string; expires_at: number }>('SELECT agent_id, expires_at FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    enqueue: db.prepare('INSERT INTO queue (id, phone_number, enqueued_at) VALUES (?, ?, ?)'),
    queueLength: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM queue'),
    queue: db.prepare<[], QueueRow>('SELECT id, phone_number, enqueued_at, offered_to, attempts FROM queue ORDER BY enqueued_at, rowid'),
    offer: db.prepare('UPDATE queue SET offered_to = ?, attempts = attempts + ? WHERE id = ?'),
    dequeue: db.prepare('DELETE FROM queue WHERE id = ?'),
  };
}

/** The prepared statements. */
export type Statements = ReturnType<typeof prepareStatements>;
