/**
 * PartnerSwitch: one switch for the partner `/partner/mode` chooses and for an instance's
 * role (the leader's partner or the relay).
 */
import { chooseByMode, PartnerSwitch } from '../../src/composition/partner-switch';
import { MemoryStore } from '../../src/platform/storage';
import type { PartnerEvent } from '../../src/partner/partner-telephony';
import { FakeClock } from '../support/fake-clock';
import { ScriptedPartner } from '../support/scripted-partner';

function setup() {
  const clock = new FakeClock();
  const first = new ScriptedPartner(clock);
  const second = new ScriptedPartner(clock, 'BREAK');
  const problems: string[] = [];
  const onProblem = (m: string): void => void problems.push(m);
  return { clock, first, second, problems, onProblem };
}

describe('PartnerSwitch', () => {
  it('use: subscribers move to the new partner after one resynced; its connection state is told; the old one is not disposed', async () => {
    const { clock, first, second, onProblem } = setup();
    await second.connect();
    const disposed = jest.spyOn(first, 'dispose');
    const sw = new PartnerSwitch(first, { now: () => clock.now(), onProblem });
    const events: PartnerEvent['type'][] = [];
    const states: string[] = [];
    sw.subscribe((e) => void events.push(e.type));
    sw.onConnectionStateChange((s) => void states.push(s));
    sw.use(second);
    expect(events).toEqual(['resynced']);
    expect(states).toEqual(['connected']);
    expect(sw.getStatus()).toBe('BREAK');
    second.server.setStatus('LUNCH', 'partner', 'wfm');
    first.server.setStatus('MEETING', 'partner', 'wfm');
    expect(events).toEqual(['resynced', 'statusChanged']);
    expect(disposed).not.toHaveBeenCalled();
  });

  it('connect with a chooser: switches to the mode the config names, disposes the partner it replaces, then connects', async () => {
    const { clock, first, second, onProblem } = setup();
    const choose = chooseByMode({ embedded: () => first, remote: () => second }, { clock, store: new MemoryStore() }, onProblem);
    const sw = new PartnerSwitch(first, { now: () => clock.now(), onProblem, choose });
    await first.connect();
    await expect(sw.connect({ config: { '/partner/mode': 'remote' } })).resolves.toEqual({ outcome: 'connected' });
    expect(sw.partner).toBe(second);
    expect(first.connectionState).toBe('disconnected');
    expect(second.connectionState).toBe('connected');
  });

  it('a mode that cannot be used is told and the partner held is kept', async () => {
    const { clock, first, problems, onProblem } = setup();
    const choose = chooseByMode({ embedded: () => first }, { clock, store: new MemoryStore() }, onProblem);
    const sw = new PartnerSwitch(first, { now: () => clock.now(), onProblem, choose });
    await sw.connect({ config: { '/partner/mode': 'remote' } });
    expect(sw.partner).toBe(first);
    expect(problems).toEqual(['/partner/mode remote is not available in this build; using embedded']);
  });

  it('without a chooser, connect goes to the partner held whatever the config says', async () => {
    const { clock, first, problems, onProblem } = setup();
    const sw = new PartnerSwitch(first, { now: () => clock.now(), onProblem });
    await sw.connect({ config: { '/partner/mode': 'remote' } });
    expect(sw.partner).toBe(first);
    expect(first.connectionState).toBe('connected');
    expect(problems).toEqual([]);
  });

  it('a subscriber that throws is reported; the others still hear the event', () => {
    const { clock, first, problems, onProblem } = setup();
    void first.connect();
    const sw = new PartnerSwitch(first, { now: () => clock.now(), onProblem });
    const heard: string[] = [];
    sw.subscribe(() => {
      throw new Error('boom');
    });
    sw.subscribe((e) => void heard.push(e.type));
    first.server.setStatus('LUNCH', 'partner', 'wfm');
    expect(heard).toEqual(['statusChanged']);
    expect(problems).toEqual(['a partner listener failed: boom']);
  });
});
