/**
 * Bench-only adapter page: the connector started as dist/connector.js starts it (one of
 * the agent's instances, src/composition/instances/; alone here, it leads), plus a
 * control port through which the bench host changes the partner's status or calls the
 * base library's `publishEvent` directly (the floor), in the same page.
 *
 * @remarks
 * Built by bench/webpack.config.js into bench/.build/, never into dist/connector.js.
 * Starts on `load`, as dist/connector.js does.
 */
import { bootstrapInstances, type InstancePage } from '../../src/composition/instances/instance-page';
import { isPartnerStatus } from '../../src/vocabulary/partner-status';
import { AgentStatusInfo, publishEvent } from '../../src/salesforce/scv';
import { BENCH_CONTROL, type ControlRequest } from '../protocol';

let page: InstancePage | null = null;

function handle(request: ControlRequest): void {
  if (request.op === 'partner') {
    if (!isPartnerStatus(request.status)) throw new Error(`not a partner status: ${request.status}`);
    const simulator = page?.simulator();
    if (!simulator) throw new Error('this page does not lead: no simulator to drive');
    simulator.setPartnerStatus(request.status);
  } else {
    void publishEvent('SET_AGENT_STATUS', new AgentStatusInfo({ statusId: request.statusId }));
  }
}

window.addEventListener('message', (event: MessageEvent<{ type?: unknown } | null>) => {
  const port = event.ports[0];
  if (event.data?.type !== BENCH_CONTROL || port === undefined) return;
  port.onmessage = (message: MessageEvent<ControlRequest>) => handle(message.data);
});

function start(): void {
  // As dist/connector.js starts (src/main.ts): one of the agent's instances; alone in the bench, it leads.
  page = bootstrapInstances();
  // For ad-hoc diagnostics through playwright (which objects cost what); the bench itself uses the control port.
  (window as unknown as { __benchPage: InstancePage }).__benchPage = page;
}

if (document.readyState === 'complete') start();
else window.addEventListener('load', start);
