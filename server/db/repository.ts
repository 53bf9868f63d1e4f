/**
 * Every read and write of the partner server's database, as prepared statements.
 *
 * @remarks
 * The rest of the server never writes SQL. Values read back are checked by their
 * callers' parsers (the agent state goes through the same validation a restored
 * simulator snapshot does), so a hand-edited database cannot crash the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema';

/** A live call leg as stored. */
export interface StoredLeg {
  readonly id: string;
  readonly role: string;
  readonly direction: string;
  readonly phoneNumber: string;
  readonly state: string;
  readonly parentId?: string;
  readonly createdAt: number;
  readonly ringDeadline?: number;
  readonly bargedIn?: boolean;
}

/** A scheduled status change as stored. */
export interface StoredSchedule {
  readonly seq: number;
  readonly at: number;
  readonly kind: string;
  readonly status: string;
  readonly durationMs?: number;
  readonly breakStatus?: string;
}

/** One agent's partner state as stored. */
export interface StoredAgentState {
  readonly status: string;
  readonly callState: string;
  readonly muted: boolean;
  readonly recordingPaused: boolean;
  readonly dtmfCount: number;
  readonly nextScheduleSeq: number;
  /** Epoch ms since when the agent has been idle (the ACD routes the longest idle first). */
  readonly idleSince: number;
  readonly calls: readonly StoredLeg[];
  readonly schedule: readonly StoredSchedule[];
}

/** An agent's login facts. */
export interface StoredAgent {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  /** The number other agents dial to reach this one (transfers). */
  readonly extension: string;
}

/** One entry of an agent's event log. */
export interface StoredEvent {
  readonly seq: number;
  readonly at: number;
  /** The event as JSON. */
  readonly body: string;
}

/** A customer call in the ACD queue. */
export interface QueuedCall {
  readonly id: string;
  readonly phoneNumber: string;
  readonly enqueuedAt: number;
  /** The agent it is ringing for, or `null` while it waits. */
  readonly offeredTo: string | null;
  readonly attempts: number;
}

interface AgentRow {
  status: string;
  call_state: string;
  muted: number;
  recording_paused: number;
  dtmf_count: number;
  next_schedule_seq: number;
  idle_since: number;
  seq: number;
}

interface LegRow {
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

interface ScheduleRow {
  seq: number;
  at: number;
  kind: string;
  status: string;
  duration_ms: number | null;
  break_status: string | null;
}

interface QueueRow {
  id: string;
  phone_number: string;
  enqueued_at: number;
  offered_to: string | null;
  attempts: number;
}

/** How many events each agent's log keeps; an older resume point gets a snapshot instead. */
export const EVENT_LOG_LIMIT = 1000;

/** The partner server's database. */
export class Repository {
  readonly db: Database.Database;
  private readonly s;

  /** Opens (creating folders and schema as needed) the database at `file`; `:memory:` works too. */
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL: readers never block the writer, and a killed process loses nothing committed.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.s = {
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

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── agents ────────────────────────────────────────────────────────────────

  /** Creates an agent, or updates its username and password; its partner state is kept. */
  upsertAgent(agent: StoredAgent): void {
    this.s.insertAgent.run(agent.id, agent.username, agent.passwordHash, agent.extension);
  }

  /** The agent with this username, if any. */
  agentByUsername(username: string): StoredAgent | undefined {
    const row = this.s.agentByUsername.get(username);
    return row && { id: row.id, username: row.username, passwordHash: row.password_hash, extension: row.extension };
  }

  /**
   * Keeps only the agents of `ids` active: any other one can no longer log in, its
   * sessions end, and its username and extension are freed (its history stays).
   */
  retainAgents(ids: ReadonlySet<string>): string[] {
    const removed = this.s.allAgentIds.all().map((r) => r.id).filter((id) => !ids.has(id));
    this.transaction(() => {
      for (const id of removed) {
        this.s.deactivate.run(id);
        this.s.deleteSessionsOf.run(id);
      }
    });
    return removed;
  }

  /** Every active agent, sorted by id. */
  agents(): StoredAgent[] {
    return this.s.agents.all().map((row) => ({ id: row.id, username: row.username, passwordHash: row.password_hash, extension: row.extension }));
  }

  // ── links between agents' legs ────────────────────────────────────────────

  /** Every stored link (JSON bodies by id). */
  links(): { id: string; body: string }[] {
    return this.s.links.all();
  }

  /** Stores or replaces a link. */
  putLink(id: string, body: string): void {
    this.s.putLink.run(id, body);
  }

  /** Removes a link. */
  deleteLink(id: string): void {
    this.s.deleteLink.run(id);
  }

  /** An agent's stored partner state and last event sequence number, or `undefined` for an unknown agent. */
  loadAgent(agentId: string): { state: StoredAgentState; seq: number } | undefined {
    const row = this.s.agentRow.get(agentId);
    if (!row) return undefined;
    const calls = this.s.legs.all(agentId).map(
      (l): StoredLeg => ({
        id: l.id,
        role: l.role,
        direction: l.direction,
        phoneNumber: l.phone_number,
        state: l.state,
        createdAt: l.created_at,
        ...(l.parent_id !== null ? { parentId: l.parent_id } : {}),
        ...(l.ring_deadline !== null ? { ringDeadline: l.ring_deadline } : {}),
        ...(l.barged_in !== null ? { bargedIn: l.barged_in === 1 } : {}),
      }),
    );
    const schedule = this.s.schedule.all(agentId).map(
      (e): StoredSchedule => ({
        seq: e.seq,
        at: e.at,
        kind: e.kind,
        status: e.status,
        ...(e.duration_ms !== null ? { durationMs: e.duration_ms } : {}),
        ...(e.break_status !== null ? { breakStatus: e.break_status } : {}),
      }),
    );
    return {
      seq: row.seq,
      state: {
        status: row.status,
        callState: row.call_state,
        muted: row.muted === 1,
        recordingPaused: row.recording_paused === 1,
        dtmfCount: row.dtmf_count,
        nextScheduleSeq: row.next_schedule_seq,
        idleSince: row.idle_since,
        calls,
        schedule,
      },
    };
  }

  /**
   * Saves an agent's whole partner state and appends its new events, in one transaction.
   *
   * @param events - bodies (JSON) with their times; they get sequence numbers `seq + 1 …`
   * @returns the agent's last sequence number after the append
   */
  saveAgent(agentId: string, state: StoredAgentState, seq: number, events: readonly { at: number; body: string }[]): number {
    return this.transaction(() => {
      let last = seq;
      for (const event of events) {
        last += 1;
        this.s.insertEvent.run(agentId, last, event.at, event.body);
      }
      if (last > EVENT_LOG_LIMIT && last % 100 === 0) this.s.trimEvents.run(agentId, last - EVENT_LOG_LIMIT);
      this.s.updateAgent.run(
        state.status,
        state.callState,
        state.muted ? 1 : 0,
        state.recordingPaused ? 1 : 0,
        state.dtmfCount,
        state.nextScheduleSeq,
        state.idleSince,
        last,
        agentId,
      );
      this.s.deleteLegs.run(agentId);
      for (const l of state.calls) {
        this.s.insertLeg.run(
          l.id,
          agentId,
          l.role,
          l.direction,
          l.phoneNumber,
          l.state,
          l.parentId ?? null,
          l.createdAt,
          l.ringDeadline ?? null,
          l.bargedIn === undefined ? null : l.bargedIn ? 1 : 0,
        );
      }
      this.s.deleteSchedule.run(agentId);
      for (const e of state.schedule) {
        this.s.insertSchedule.run(agentId, e.seq, e.at, e.kind, e.status, e.durationMs ?? null, e.breakStatus ?? null);
      }
      return last;
    });
  }

  /**
   * The agent's events after `seq`, oldest first; `undefined` when the log no longer
   * holds all of them (the caller sends a snapshot instead).
   */
  eventsAfter(agentId: string, seq: number): StoredEvent[] | undefined {
    const first = this.s.firstSeq.get(agentId)?.first ?? null;
    const events = this.s.eventsAfter.all(agentId, seq);
    if (events.length > 0 && first !== null && first > seq + 1) return undefined;
    return events;
  }

  // ── sessions ──────────────────────────────────────────────────────────────

  /** Stores a session by the hash of its token. */
  createSession(tokenHash: string, agentId: string, createdAt: number, expiresAt: number): void {
    this.s.insertSession.run(tokenHash, agentId, createdAt, expiresAt);
  }

  /** The session with this token hash, if it exists and has not expired at `now`. */
  findSession(tokenHash: string, now: number): { agentId: string; expiresAt: number } | undefined {
    const row = this.s.session.get(tokenHash);
    if (!row || row.expires_at <= now) return undefined;
    return { agentId: row.agent_id, expiresAt: row.expires_at };
  }

  /** Ends a session. */
  deleteSession(tokenHash: string): void {
    this.s.deleteSession.run(tokenHash);
  }

  /** Drops sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: number): number {
    return this.s.deleteExpired.run(now).changes;
  }

  // ── ACD queue ─────────────────────────────────────────────────────────────

  /** A customer call enters the queue. */
  enqueue(id: string, phoneNumber: string, enqueuedAt: number): void {
    this.s.enqueue.run(id, phoneNumber, enqueuedAt);
  }

  /** How many calls are queued (waiting or ringing). */
  queueLength(): number {
    return this.s.queueLength.get()?.n ?? 0;
  }

  /** The queue, oldest first. */
  queue(): QueuedCall[] {
    return this.s.queue.all().map((r) => ({ id: r.id, phoneNumber: r.phone_number, enqueuedAt: r.enqueued_at, offeredTo: r.offered_to, attempts: r.attempts }));
  }

  /** Marks a queued call as ringing for `agentId`, or waiting again (`null`). */
  offer(callId: string, agentId: string | null): void {
    this.s.offer.run(agentId, agentId === null ? 0 : 1, callId);
  }

  /** Removes a call from the queue (answered, or the customer hung up). */
  dequeue(callId: string): void {
    this.s.dequeue.run(callId);
  }
}
