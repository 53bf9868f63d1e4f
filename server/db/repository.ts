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
import { prepareStatements, type Statements } from './statements';
import type { QueuedCall, StoredAgent, StoredAgentState, StoredEvent, StoredLeg, StoredSchedule } from './stored-types';

export type { QueuedCall, StoredAgent, StoredAgentState, StoredEvent, StoredLeg, StoredSchedule } from './stored-types';

/** How many events each agent's log keeps; an older resume point gets a snapshot instead. */
export const EVENT_LOG_LIMIT = 1000;

/** The partner server's database. */
export class Repository {
  readonly db: Database.Database;
  private readonly s: Statements;

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
    this.s = prepareStatements(this.db);
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
