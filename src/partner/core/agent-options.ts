/**
 * What a `PartnerAgent` (`./agent.ts`) is built from, and its defaults.
 */
import type { PartnerStatus } from '../../vocabulary/partner-status';
import type { StatusCatalogue } from '../../vocabulary/status-catalogue';
import type { CoreLog } from './agent-calls';
import type { AgentNotice } from './agent-state';
import type { Snapshot } from './snapshot';

/** How long an inbound call rings before it is missed, unless `ringTimeoutMs` is given. */
export const DEFAULT_RING_TIMEOUT_MS = 30_000;

/** The (fictional) caller number of an incoming call without a number. */
export const DEFAULT_CALLER_NUMBER = '+15555550123';

/** Options of `PartnerAgent`. */
export interface PartnerAgentOptions {
  /** Epoch milliseconds now (the owner's clock). */
  readonly now: () => number;
  /** Makes a call id, unique for the agent's life. */
  readonly newCallId: () => string;
  /** Ring time before an inbound call is missed; default {@link DEFAULT_RING_TIMEOUT_MS}. */
  readonly ringTimeoutMs?: number;
  /** The partner's status catalogue; default the reference one (CONTRACT §4). */
  readonly catalogue?: StatusCatalogue;
  /** Status of a fresh agent (no `snapshot`); default `OFFLINE` (logged out). */
  readonly initialStatus?: PartnerStatus;
  /** Saved state to start from (already validated by `parseSnapshot`). */
  readonly snapshot?: Snapshot;
  /** Receives every event, stamped, synchronously, in order; then `changed` once per command that changed something. */
  readonly onEvent?: (event: AgentNotice) => void;
  /** Receives log lines (never numbers, digits or names); default none. */
  readonly log?: CoreLog;
}
