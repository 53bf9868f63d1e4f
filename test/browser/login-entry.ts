/**
 * The entry of the login browser test's bundle: the page's default start path
 * (`bootstrapInstances`, as `src/main.ts` runs it) with one change, a `remote` partner
 * factory whose partner needs a login (the scripted partner: agent1 / secret). Built by
 * the production webpack config, so the form runs as it ships.
 */
import { bootstrapInstances } from '../../src/composition/instances/instance-page';
import { realClock } from '../../src/platform/clock';
import { ScriptedPartner } from '../support/scripted-partner';

function start(): void {
  bootstrapInstances({
    partners: {
      remote: () => {
        const partner = new ScriptedPartner(realClock);
        partner.connectAs = 'loginRequired';
        return partner;
      },
    },
  });
}

if (document.readyState === 'complete') start();
else window.addEventListener('load', start);
