/**
 * Bench-only adapter page: the base library with a trivial connector, the floor for
 * Omni → partner and for cold start.
 *
 * @remarks
 * `init`, `getAgentConfig`, `getCapabilities` and `getActiveCalls` answer with the
 * library's defaults and `setAgentStatus` succeeds at once, so the library does the same
 * work as for our connector (full CONNECTOR_READY payload, SET_AGENT_STATUS_RESULT) and
 * nothing else. Starts on `load`, as dist/connector.js does.
 */
import {
  ActiveCallsResult,
  AgentConfigResult,
  CapabilitiesResult,
  GenericResult,
  InitResult,
  VendorConnector,
  initializeConnector,
} from '../../src/salesforce/scv';

class TrivialConnector extends VendorConnector {
  override init(): Promise<InitResult> {
    return Promise.resolve(new InitResult({}));
  }

  override getAgentConfig(): Promise<AgentConfigResult> {
    return Promise.resolve(new AgentConfigResult({}));
  }

  override getCapabilities(): Promise<CapabilitiesResult> {
    return Promise.resolve(new CapabilitiesResult({}));
  }

  override getActiveCalls(): Promise<ActiveCallsResult> {
    return Promise.resolve(new ActiveCallsResult({}));
  }

  override setAgentStatus(): Promise<GenericResult> {
    return Promise.resolve(new GenericResult({ success: true }));
  }
}

function start(): void {
  initializeConnector(new TrivialConnector());
}

if (document.readyState === 'complete') start();
else window.addEventListener('load', start);
