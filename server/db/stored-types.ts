/**
 * What the partner server's database holds, as the rest of the server sees it.
 */
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
