/**
 * @jest-environment node
 */
// CONTRACT §8: remote mode posts the same STATE on the scv-partner-simulator channel as the
// embedded simulator, with the partner fields from the remote mirror; and remote is a built-in mode.
import { BUILT_IN_PARTNERS } from '../../../src/composition/bootstrap';
import { attachControlChannel } from '../../../src/composition/control-channel';
import { PARTNER_MODE_KEY, partnerModeOf } from '../../../src/composition/partner-switch';
import { RemotePartner } from '../../../src/partner/remote/remote-partner';
import { MemoryStore } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';
import { FakeBroadcastChannel } from '../../support/fake-broadcast-channel';
import { makeHarness } from '../simulator/harness';
import { connected } from './harness';
import { flush } from './model-server';

it('STATE reports the remote mirror, posted on its events', async () => {
  const remote = await connected();
  const simulator = makeHarness();
  const channel = new FakeBroadcastChannel();
  const control = attachControlChannel({ partner: simulator.partner, mirror: remote.partner, channel, syncView: () => null, log: () => undefined });
  remote.server.setStatus('LUNCH');
  await flush();
  expect(channel.posted).toEqual([{ type: 'STATE', partnerStatus: 'LUNCH', routable: false, callState: 'idle', salesforceStatusId: null, pending: null, syncLog: [] }]);
  expect(simulator.partner.getStatus()).toBe('AVAILABLE');
  control.detach();
  remote.server.setStatus('BREAK');
  await flush();
  expect(channel.posted).toHaveLength(1);
});

it('remote is a built-in /partner/mode: its factory makes a RemotePartner that touches no network before connect', () => {
  expect(partnerModeOf({ [PARTNER_MODE_KEY]: 'remote' }, BUILT_IN_PARTNERS)).toBe('remote');
  const partner = BUILT_IN_PARTNERS.remote!({ clock: new FakeClock(), store: new MemoryStore() });
  expect(partner).toBeInstanceOf(RemotePartner);
  expect(partner.connectionState).toBe('disconnected');
  partner.dispose();
});
