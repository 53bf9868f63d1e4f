/**
 * The messages between the leader instance (which runs the one partner and the one status
 * sync) and its followers, on the `BroadcastChannel` {@link RELAY_CHANNEL_NAME}.
 *
 * @remarks
 * ```
 *  follower ─ hello {holds} / bye ────────────────▶ leader   (joins, leaves; shows the wrap-up)
 *  follower ─ call {seq, op, args} ────────────────▶ leader   (a partner command, an Omni change, the config)
 *  follower ◀─ result {to, seq, ok, value | error} ─ leader
 *  all      ◀─ event {event, mirror, view} ───────── leader   (every partner event, every sync decision)
 *  all      ◀─ store {entries} ─────────────────────  leader   (its writes: the state a takeover restores)
 * ```
 * One sender's messages arrive in order, so a follower's mirror has every event of a
 * command before the command's result.
 */
import type { ConnectionState, PartnerCall, PartnerCapabilities, PartnerEvent } from '../../partner/partner-telephony';
import type { SyncView } from '../../status-sync/types';
import type { CallState } from '../../vocabulary/call-state';
import { isRecord } from '../../vocabulary/guards';
import type { PartnerStatus, PartnerStatusInfo } from '../../vocabulary/partner-status';

/** Name of the relay channel. */
export const RELAY_CHANNEL_NAME = 'scv-connector-relay';

/** What a follower's partner mirror holds (the synchronous queries of the seam). */
export interface PartnerMirror {
  readonly status: PartnerStatus;
  readonly callState: CallState;
  readonly calls: readonly PartnerCall[];
  readonly muted: boolean;
  readonly recordingPaused: boolean;
  /** The leader's connection to its partner. */
  readonly connection: ConnectionState;
  readonly capabilities: PartnerCapabilities;
  readonly catalogue: readonly PartnerStatusInfo[];
  /** The partner's clock minus the leader's (`partnerNow() - now()`). */
  readonly offset: number;
}

/** A refusal as it crosses the channel (an `Error` does not survive cloning as itself). */
export interface RelayedError {
  readonly message: string;
  readonly code: string;
}

/** Every relay message. */
export type RelayMessage =
  /** `holds`: this instance's host shows the agent's wrap-up (told to a new leader). */
  | { readonly t: 'hello'; readonly from: string; readonly holds?: boolean }
  | { readonly t: 'bye'; readonly from: string }
  | { readonly t: 'call'; readonly from: string; readonly seq: number; readonly op: string; readonly args: readonly unknown[] }
  | { readonly t: 'result'; readonly to: string; readonly seq: number; readonly ok: boolean; readonly value?: unknown; readonly error?: RelayedError }
  | { readonly t: 'event'; readonly leader: string; readonly event: PartnerEvent | null; readonly mirror: PartnerMirror; readonly view: SyncView }
  | { readonly t: 'store'; readonly entries: readonly (readonly [string, string | null])[] };

const TYPES = new Set(['hello', 'bye', 'call', 'result', 'event', 'store']);

/**
 * Accepts a relay message by shape. The channel is the connector's own (same origin), so
 * this checks the discriminator and the fields routing depends on; payloads are trusted
 * as the leader built them.
 */
export function parseRelayMessage(data: unknown): RelayMessage | null {
  if (!isRecord(data) || typeof data.t !== 'string' || !TYPES.has(data.t)) return null;
  switch (data.t) {
    case 'hello':
    case 'bye':
      return typeof data.from === 'string' ? (data as RelayMessage) : null;
    case 'call':
      return typeof data.from === 'string' && typeof data.seq === 'number' && typeof data.op === 'string' && Array.isArray(data.args) ? (data as RelayMessage) : null;
    case 'result':
      return typeof data.to === 'string' && typeof data.seq === 'number' && typeof data.ok === 'boolean' ? (data as RelayMessage) : null;
    case 'event':
      return isRecord(data.mirror) && isRecord(data.view) ? (data as RelayMessage) : null;
    default:
      return Array.isArray(data.entries) ? (data as RelayMessage) : null;
  }
}
