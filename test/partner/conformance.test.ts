/**
 * The seam's conformance suite (test/support/partner-conformance.ts), run against the
 * embedded simulator and against a scripted networked fake (which also runs the
 * reconnect and time-limit checks).
 */
import { chooseByMode, PartnerSwitch } from '../../src/composition/partner-switch';
import { SimulatedPartner } from '../../src/partner/simulator/simulated-partner';
import { MemoryStore } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { partnerConformance } from '../support/partner-conformance';
import { ScriptedPartner } from '../support/scripted-partner';

partnerConformance('SimulatedPartner (embedded)', () => {
  const clock = new FakeClock();
  let n = 0;
  const partner = new SimulatedPartner({ clock, store: new MemoryStore(), initialStatus: 'AVAILABLE', idFactory: () => `c${++n}`, log: () => undefined });
  return {
    partner,
    clock,
    ring: () => void partner.incomingCall('+15555550100'),
    setByPartner: (status) => void partner.setPartnerStatus(status),
    close: () => partner.dispose(),
  };
});

partnerConformance('ScriptedPartner (networked fake)', () => {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock);
  return {
    partner,
    clock,
    ring: () => void partner.server.incomingCall('+15555550100'),
    setByPartner: (status) => void partner.server.setStatus(status, 'partner', 'supervisor'),
    network: {
      drop: () => partner.drop(),
      restore: (how) => partner.restore(how),
      hangNext: (command) => partner.hangNext(command),
    },
    close: () => partner.dispose(),
  };
}, { networked: true });

// What the connector really holds: the composition root's switch, passing everything
// through to the partner `/partner/mode` chose.
partnerConformance('PartnerSwitch over a networked partner', () => {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock);
  const onProblem = (message: string): void => {
    throw new Error(message);
  };
  const held = new PartnerSwitch(partner, { now: () => clock.now(), onProblem, choose: chooseByMode({ embedded: () => partner }, { clock, store: new MemoryStore() }, onProblem) });
  return {
    partner: held,
    clock,
    ring: () => void partner.server.incomingCall('+15555550100'),
    setByPartner: (status) => void partner.server.setStatus(status, 'partner', 'supervisor'),
    network: { drop: () => partner.drop(), restore: (how) => partner.restore(how), hangNext: (command) => partner.hangNext(command) },
    close: () => held.dispose(),
  };
}, { networked: true });
