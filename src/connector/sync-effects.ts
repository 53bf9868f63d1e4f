/**
 * Carries out the sync rules' effects (partner status, wrap-up end, `SET_AGENT_STATUS`
 * to Salesforce) one decision at a time, in the order the decisions were made.
 */
import type { Clock } from '../platform/clock';
import { COMMAND_TIME_LIMIT_MS, type PartnerTelephony } from '../partner/partner-telephony';
import { AgentStatusInfo, publishEvent } from '../salesforce/scv';
import type { SyncEffect } from '../status-sync/decision';
import { messageOf } from '../vocabulary/guards';
import { withTimeLimit } from './time-limit';

/** A log sink with `publishLog`'s signature. */
export type SyncLogSink = (eventType: string, payload: Record<string, unknown>, isError: boolean) => void;

/** Dependencies of {@link EffectQueue}. */
export interface EffectQueueOptions {
  readonly partner: PartnerTelephony;
  readonly clock: Clock;
  readonly log: SyncLogSink;
  /** An effect failed: the partner may not be where the rules believe. */
  readonly onFailure: () => void;
}

/** Runs effects in order; a decision's effects wait behind those of earlier ones. */
export class EffectQueue {
  private queue: Promise<void> = Promise.resolve();
  /** Effect runs not yet finished; at 0 a new decision's effects start at once. */
  private running = 0;

  constructor(private readonly o: EffectQueueOptions) {}

  /** Resolves when every effect queued so far is done. */
  get settled(): Promise<void> {
    return this.queue;
  }

  /** Queues `effects`; resolves with a failure message when one failed, or `null`. */
  run(effects: readonly SyncEffect[]): Promise<string | null> {
    this.running++;
    const run = this.running === 1 ? this.runAll(effects) : this.queue.then(() => this.runAll(effects));
    this.queue = run.then(() => {
      this.running--;
    });
    return run;
  }

  private async runAll(effects: readonly SyncEffect[]): Promise<string | null> {
    let failure: string | null = null;
    for (const effect of effects) {
      try {
        await this.runOne(effect);
      } catch (e) {
        failure = `${effect.type} failed: ${messageOf(e)}`;
        this.o.log('STATUS_SYNC_EFFECT_FAILED', { effect: effect.type, message: failure }, true);
        this.o.onFailure();
      }
    }
    return failure;
  }

  private async runOne(effect: SyncEffect): Promise<void> {
    const { partner, clock } = this.o;
    switch (effect.type) {
      // A partner that never answers must not block the effect queue (and SET_AGENT_STATUS_RESULT) for ever.
      case 'setPartnerStatus':
        await withTimeLimit(clock, COMMAND_TIME_LIMIT_MS, 'setStatus', partner.setStatus(effect.status, 'Omni-Channel status sync'));
        return;
      case 'endWrapUp':
        await withTimeLimit(clock, COMMAND_TIME_LIMIT_MS, 'endWrapUp', partner.endWrapUp());
        return;
      case 'publishStatus':
        await publishEvent('SET_AGENT_STATUS', new AgentStatusInfo({ statusId: effect.statusId }));
        return;
    }
  }
}
