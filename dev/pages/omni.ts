/**
 * The Omni emulator: plays Salesforce's side of the connector protocol on localhost.
 *
 * @remarks
 * Like Salesforce, it frames the adapter page, hands it a `MessagePort` with the Call
 * Center config, and from then on talks only over that port: it sends the agent's
 * Omni-Channel status changes and call-control commands, and it reacts to the
 * telephony events the connector publishes. One thing differs: the setup message is
 * `DEV_SETUP_CONNECTOR`, which only the dev build's relay understands (see
 * `dev/connector-dev-entry.ts`), because the base library accepts `SETUP_CONNECTOR`
 * from Salesforce origins only.
 *
 * Like real Omni, when the connector publishes `SET_AGENT_STATUS {statusId}` the
 * emulator updates its picker and answers with its own `SET_AGENT_STATUS` for that
 * status, which exercises the connector's echo suppression. The agent starts Offline,
 * and an enqueued status stays "next" until the call and its wrap-up end.
 *
 * Each emulator tab announces itself and its statuses on the dev-only channel
 * `scv-dev-omni`, so the simulator console can show status names and say which tab
 * (which connector instance) it is showing.
 */
import { byId, clockTime, el, isRecord, summarize, text } from './dom';
import { partnerConfig } from './omni-partner';

interface OmniStatus {
  statusId: string;
  statusName: string;
  hasChannels: boolean;
  isOffline: boolean;
}

type CallPhase = 'ringing' | 'connected' | 'wrapup';

interface CallView {
  call: Record<string, unknown>;
  callId: string;
  phase: CallPhase;
  held: boolean;
  muted: boolean;
}

type Direction = 'out' | 'in' | 'note' | 'error';

const ui = {
  connection: byId('connection', HTMLSpanElement),
  currentStatus: byId('current-status', HTMLElement),
  nextStatus: byId('next-status', HTMLSpanElement),
  picker: byId('status-picker', HTMLDivElement),
  enqueue: byId('enqueue-next', HTMLInputElement),
  statusResult: byId('status-result', HTMLParagraphElement),
  toast: byId('incoming-toast', HTMLDivElement),
  incomingId: byId('incoming-call-id', HTMLSpanElement),
  accept: byId('accept-call', HTMLButtonElement),
  decline: byId('decline-call', HTMLButtonElement),
  callSummary: byId('call-summary', HTMLParagraphElement),
  end: byId('end-call', HTMLButtonElement),
  hold: byId('hold-call', HTMLButtonElement),
  mute: byId('mute-call', HTMLButtonElement),
  wrapUp: byId('wrap-up', HTMLButtonElement),
  presenceJson: byId('presence-json', HTMLTextAreaElement),
  statusMap: byId('status-map', HTMLInputElement),
  onCallPolicy: byId('on-call-policy', HTMLSelectElement),
  reconnect: byId('reconnect', HTMLButtonElement),
  configNote: byId('config-note', HTMLParagraphElement),
  configReport: byId('config-report', HTMLDivElement),
  configIssues: byId('config-issues', HTMLUListElement),
  frameHost: byId('frame-host', HTMLDivElement),
  showLogs: byId('show-logs', HTMLInputElement),
  clearLog: byId('clear-log', HTMLButtonElement),
  log: byId('message-log', HTMLTableSectionElement),
};

const MAX_LOG_ROWS = 500;
/** The status map dist/callcenter.xml ships (static/callcenter.xml). */
const DEFAULT_STATUS_MAP = 'Available=AVAILABLE; Away=BREAK; Busy=MEETING; Away<LUNCH; Away<TRAINING; Away<NOT_READY';
/** Omni's Offline status: where an agent starts. */
const OFFLINE_ID = '0';
/** The connector's log lines about its configuration and a partner that did not connect (a bad /partner/url), shown on the config card. */
const CONFIG_LOG = /^(STATUS_SYNC_(CONFIG_ERROR|CONFIG_WARNING|STORAGE_WARNING)|CONNECTOR_(CONFIG|INIT)_ERROR)$/;

/** The statuses of the last valid userPresenceStatuses: the picker keeps them when the JSON is broken. */
let statuses: OmniStatus[] = [];
let currentStatusId: string | null = OFFLINE_ID;
/** A status chosen with enqueueNextState during a call: Omni's next status. */
let nextStatusId: string | null = null;
/** What the last SET_AGENT_STATUS asked for, until its result arrives. */
let requested: { status: OmniStatus; previous: string | null; enqueued: boolean } | null = null;
let call: CallView | null = null;
let port: MessagePort | null = null;
let frame: HTMLIFrameElement | null = null;
let ready = false;

// ---------------------------------------------------------------- log

function logRow(direction: Direction, type: string, payload: unknown, isLogMessage = false): void {
  const arrow = { out: 'Omni →', in: '← connector', note: 'note', error: 'error' }[direction];
  const row = el('tr', { className: `${direction}${isLogMessage ? ' log-msg' : ''}` }, [
    el('td', { text: clockTime() }),
    el('td', { className: 'dir', text: arrow }),
    el('td', { text: type }),
    el('td', { className: 'payload', text: payload === undefined ? '' : summarize(payload) }),
  ]);
  if (isLogMessage) row.dataset['log'] = 'true';
  row.hidden = isLogMessage && !ui.showLogs.checked;
  ui.log.prepend(row);
  while (ui.log.rows.length > MAX_LOG_ROWS) ui.log.lastElementChild?.remove();
}

function send(message: Record<string, unknown> & { type: string }): void {
  if (!port || !ready) {
    logRow('note', message.type, 'not sent: the connector is not ready');
    return;
  }
  port.postMessage(message);
  const { type, ...rest } = message;
  logRow('out', type, rest);
}

// ---------------------------------------------------------------- statuses

function parseStatuses(json: string): OmniStatus[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return `userPresenceStatuses is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`;
  }
  if (!isRecord(parsed)) return 'userPresenceStatuses must be a JSON object of statusId → status';
  const result: OmniStatus[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!isRecord(value)) continue;
    const statusId = typeof value['statusId'] === 'string' ? value['statusId'] : key;
    const statusName = typeof value['statusName'] === 'string' ? value['statusName'] : statusId;
    result.push({
      statusId,
      statusName,
      hasChannels: String(value['hasChannels']) === 'true',
      isOffline: String(value['isOffline']) === 'true' || statusId === '0',
    });
  }
  return result;
}

function statusLabel(statusId: string | null): string {
  if (statusId === null) return '—';
  const found = statuses.find((s) => s.statusId === statusId);
  return found ? found.statusName : `statusId ${statusId} (not in userPresenceStatuses)`;
}

function renderPicker(): void {
  ui.picker.replaceChildren(
    ...statuses.map((status) => {
      const button = el('button', {
        className: status.statusId === currentStatusId ? 'selected' : '',
        text: status.statusName,
        title: `statusId ${status.statusId}${status.hasChannels ? ' (routable)' : ''}`,
      });
      button.dataset['statusId'] = status.statusId;
      button.disabled = !ready;
      button.addEventListener('click', () => chooseStatus(status));
      return button;
    }),
  );
  ui.currentStatus.textContent = statusLabel(currentStatusId);
  ui.currentStatus.dataset['statusId'] = currentStatusId ?? '';
  ui.nextStatus.hidden = nextStatusId === null;
  ui.nextStatus.textContent = nextStatusId === null ? '' : `next: ${statusLabel(nextStatusId)} (after the call)`;
  ui.nextStatus.dataset['statusId'] = nextStatusId ?? '';
  announce();
}

/** The coarse `agentStatus` argument Omni passes next to `statusInfo`. */
function agentStatusOf(status: OmniStatus): string {
  if (status.isOffline) return 'Offline';
  return status.hasChannels ? 'Available' : 'Busy';
}

function setAgentStatusMessage(status: OmniStatus, enqueueNextState: boolean): Record<string, unknown> & { type: string } {
  return {
    type: 'SET_AGENT_STATUS',
    agentStatus: agentStatusOf(status),
    statusInfo: { statusId: status.statusId, statusName: status.statusName, statusApiName: status.statusName.replace(/\W+/g, '_') },
    enqueueNextState,
  };
}

function chooseStatus(status: OmniStatus): void {
  // Enqueueing means something only while there is work (a call or its wrap-up).
  const enqueue = ui.enqueue.checked && call !== null;
  requested = { status, previous: currentStatusId, enqueued: enqueue };
  if (enqueue) nextStatusId = status.statusId;
  else {
    currentStatusId = status.statusId;
    nextStatusId = null;
  }
  renderPicker();
  ui.statusResult.textContent = enqueue ? `${status.statusName} requested as the next status…` : `${status.statusName} requested…`;
  // An un-enqueued change while in wrap-up is Salesforce closing the call's tab.
  if (call && call.phase === 'wrapup' && !enqueue) {
    call = null;
    renderCall();
  }
  send(setAgentStatusMessage(status, enqueue));
}

function onStatusResult(payload: unknown): void {
  const success = isRecord(payload) && payload['success'] === true;
  const asked = requested;
  requested = null;
  if (!asked) return;
  const name = asked.status.statusName;
  if (!success) {
    // Omni keeps the status it had: the connector refused this one.
    if (asked.enqueued) nextStatusId = null;
    else currentStatusId = asked.previous;
    renderPicker();
    ui.statusResult.textContent = `The connector refused ${name}; Omni keeps ${statusLabel(currentStatusId)}.`;
    return;
  }
  ui.statusResult.textContent = asked.enqueued
    ? `${name} is enqueued: the connector holds it until the call and its wrap-up end, then sets the partner status.`
    : `${name}: the connector set the partner status (see the console).`;
}

/** The work item is closed: an enqueued status becomes Omni's status. */
function workEnded(): void {
  if (nextStatusId === null) return;
  currentStatusId = nextStatusId;
  nextStatusId = null;
  renderPicker();
  ui.statusResult.textContent = `${statusLabel(currentStatusId)}: the enqueued status applies now that the call is over.`;
}

function onPartnerStatus(payload: unknown): void {
  const statusId = isRecord(payload) && typeof payload['statusId'] === 'string' ? payload['statusId'] : null;
  const status = statuses.find((s) => s.statusId === statusId);
  if (!status) {
    logRow('error', 'SET_AGENT_STATUS', `statusId ${String(statusId)} is not in userPresenceStatuses; Omni ignores it`);
    return;
  }
  currentStatusId = status.statusId;
  renderPicker();
  ui.statusResult.textContent = `${status.statusName} set by the partner system; Omni answers with the same status (the connector recognises the echo).`;
  // Real Omni answers the connector's status change with its own setAgentStatus.
  send(setAgentStatusMessage(status, false));
}

// ---------------------------------------------------------------- calls

function callFrom(payload: unknown): Record<string, unknown> | null {
  if (Array.isArray(payload)) return callFrom(payload[0]);
  if (isRecord(payload) && Array.isArray(payload['calls'])) return callFrom(payload['calls'][0]);
  if (isRecord(payload) && isRecord(payload['call'])) return payload['call'];
  return isRecord(payload) && typeof payload['callId'] === 'string' ? payload : null;
}

function renderCall(): void {
  ui.toast.hidden = !(call && call.phase === 'ringing');
  ui.incomingId.textContent = call ? `call ${call.callId}` : '';
  const connected = call?.phase === 'connected';
  ui.end.disabled = !connected;
  ui.hold.disabled = !connected;
  ui.mute.disabled = !connected;
  ui.wrapUp.disabled = call?.phase !== 'wrapup';
  ui.hold.textContent = call?.held ? 'Resume' : 'Hold';
  ui.mute.textContent = call?.muted ? 'Unmute' : 'Mute';
  if (!call) ui.callSummary.textContent = 'No call.';
  else if (call.phase === 'ringing') ui.callSummary.textContent = 'Ringing…';
  else if (call.phase === 'wrapup') ui.callSummary.textContent = `Call ${call.callId} ended: after-call work (wrap-up).`;
  else ui.callSummary.textContent = `On call ${call.callId}${call.held ? ' · on hold' : ''}${call.muted ? ' · muted' : ''}`;
  ui.callSummary.dataset['phase'] = call?.phase ?? 'none';
}

function setCall(payload: unknown, phase: CallPhase): void {
  const found = callFrom(payload);
  if (!found) return;
  const info = isRecord(found['callInfo']) ? found['callInfo'] : {};
  call = {
    call: found,
    callId: text(found['callId']),
    phase,
    held: info['isOnHold'] === true,
    muted: info['isMuted'] === true,
  };
  renderCall();
}

function onHangup(): void {
  // A connected call goes to after-call work; a ringing one (declined, missed) just ends.
  if (call && call.phase === 'connected') call = { ...call, phase: 'wrapup', held: false, muted: false };
  else call = null;
  renderCall();
  if (!call) workEnded();
}

function callCommand(type: string, extra: Record<string, unknown> = {}): void {
  if (!call) return;
  send({ type, call: call.call, ...extra });
}

ui.accept.addEventListener('click', () => callCommand('ACCEPT_CALL'));
ui.decline.addEventListener('click', () => callCommand('DECLINE_CALL'));
ui.end.addEventListener('click', () => callCommand('END_CALL'));
ui.hold.addEventListener('click', () => callCommand(call?.held ? 'RESUME' : 'HOLD'));
ui.mute.addEventListener('click', () => callCommand(call?.muted ? 'UNMUTE' : 'MUTE'));
ui.wrapUp.addEventListener('click', () => {
  callCommand('WRAP_UP_CALL');
  call = null;
  renderCall();
  workEnded();
});

// ---------------------------------------------------------------- connector messages

function onTelephonyEvent(eventType: string, payload: unknown): void {
  switch (eventType) {
    case 'SET_AGENT_STATUS':
      onPartnerStatus(payload);
      break;
    case 'SET_AGENT_STATUS_RESULT':
      onStatusResult(payload);
      break;
    case 'CALL_STARTED':
    case 'QUEUED_CALL_STARTED': {
      const found = callFrom(payload);
      const inbound = typeof found?.['callType'] === 'string' && found['callType'].toLowerCase() === 'inbound';
      setCall(payload, inbound && found?.['state'] !== 'connected' ? 'ringing' : 'connected');
      break;
    }
    case 'CALL_CONNECTED':
      setCall(payload, 'connected');
      break;
    case 'HOLD_TOGGLE':
      if (call && isRecord(payload)) {
        call.held = payload['isCustomerOnHold'] === true;
        renderCall();
      }
      break;
    case 'MUTE_TOGGLE':
      if (call && isRecord(payload)) {
        call.muted = payload['isMuted'] === true;
        renderCall();
      }
      break;
    case 'HANGUP':
      onHangup();
      break;
    case 'AFTER_CALL_WORK_STARTED':
      if (call) {
        call.phase = 'wrapup';
        renderCall();
      }
      break;
    case 'WRAP_UP_ENDED':
      call = null;
      renderCall();
      workEnded();
      break;
    case 'SHOW_LOGIN':
      // The partner needs a login: the connector's form is in its frame, made tall enough to use.
      ui.connection.textContent = 'log in inside the connector frame';
      ui.connection.className = 'pill pill-wait';
      ui.frameHost.classList.add('login');
      ui.frameHost.scrollIntoView({ block: 'nearest' });
      break;
    case 'LOGIN_RESULT':
      ui.frameHost.classList.remove('login');
      break;
    default:
      break;
  }
}

function onConnectorMessage(event: MessageEvent<unknown>): void {
  const data = event.data;
  if (!isRecord(data) || typeof data['type'] !== 'string') {
    logRow('error', '?', data);
    return;
  }
  const type = data['type'];
  const payload = data['payload'];
  if (type === 'LOG') {
    const inner = isRecord(payload) ? payload : {};
    const eventType = text(inner['eventType']);
    logRow(inner['isError'] === true ? 'error' : 'in', `LOG ${eventType}`, inner['payload'], true);
    if (CONFIG_LOG.test(eventType)) reportConfigIssue(eventType, inner['payload']);
    return;
  }
  if (type === 'TELEPHONY_EVENT_DISPATCHED' && isRecord(payload)) {
    const eventType = text(payload['telephonyEventType']);
    logRow(eventType === 'ERROR' ? 'error' : 'in', eventType, payload['telephonyEventPayload']);
    onTelephonyEvent(eventType, payload['telephonyEventPayload']);
    return;
  }
  logRow('in', type, payload);
  if (type === 'CONNECTOR_READY') {
    ready = true;
    ui.connection.textContent = 'connector ready';
    ui.connection.className = 'pill pill-ok';
    document.body.dataset['connector'] = 'ready';
    renderPicker();
    const inProgress = isRecord(payload) ? payload['callInProgress'] : null;
    if (isRecord(inProgress)) setCall(inProgress, inProgress['state'] === 'ringing' ? 'ringing' : 'connected');
  }
}

// ---------------------------------------------------------------- dev channel

/** Dev-only: tells the simulator console which Omni tabs exist and what their statuses are called. */
const omniChannel = new BroadcastChannel('scv-dev-omni');
const TAB_ID = Math.random().toString(36).slice(2, 6);
const OPENED_AT = clockTime().slice(0, 8);

function announce(): void {
  omniChannel.postMessage({
    type: 'OMNI_TAB',
    tab: TAB_ID,
    openedAt: OPENED_AT,
    statuses: statuses.map(({ statusId, statusName }) => ({ statusId, statusName })),
  });
}

omniChannel.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isRecord(event.data) && event.data['type'] === 'WHO_IS_THERE') announce();
});
window.addEventListener('pagehide', () => omniChannel.postMessage({ type: 'OMNI_TAB_CLOSED', tab: TAB_ID }));
ui.connection.title = `Omni emulator tab ${TAB_ID}, opened ${OPENED_AT}`;

// ---------------------------------------------------------------- setup

function connectorConfig(): { userPresenceStatuses: string } & Record<string, string> {
  return {
    userPresenceStatuses: ui.presenceJson.value,
    '/statusSync/statusMap': ui.statusMap.value,
    '/statusSync/onCallPolicy': ui.onCallPolicy.value,
    ...partnerConfig(),
  };
}

/** Shows one of the connector's configuration log lines on the config card. */
function reportConfigIssue(eventType: string, payload: unknown): void {
  const fields = isRecord(payload) ? payload : {};
  const entry = typeof fields['entry'] === 'string' ? `${fields['entry']}: ` : '';
  const where = typeof fields['source'] === 'string' ? `${fields['source']} — ` : '';
  const item = el('li', { className: eventType.endsWith('WARNING') ? 'warning' : 'error', text: `${where}${entry}${text(fields['message'])}` });
  ui.configIssues.appendChild(item);
  ui.configReport.hidden = false;
}

function connect(): void {
  const parsed = parseStatuses(ui.presenceJson.value);
  if (typeof parsed === 'string') {
    // Omni itself would never send this; the emulator does, to show that the connector
    // reports it and still starts. The picker keeps the last valid statuses.
    ui.configNote.textContent = `${parsed}. Sent as-is: the connector must report it and still start. The picker keeps the last valid statuses.`;
    ui.configNote.hidden = false;
    logRow('note', 'config', parsed);
  } else {
    statuses = parsed;
    ui.configNote.textContent = '';
    ui.configNote.hidden = true;
    if (currentStatusId !== null && !statuses.some((s) => s.statusId === currentStatusId)) currentStatusId = OFFLINE_ID;
  }
  ui.configIssues.replaceChildren();
  ui.configReport.hidden = true;
  ui.statusResult.textContent = '';
  requested = null;
  nextStatusId = null;
  ready = false;
  call = null;
  port?.close();
  port = null;
  document.body.dataset['connector'] = 'loading';
  ui.connection.textContent = 'loading the connector…';
  ui.connection.className = 'pill pill-wait';
  renderPicker();
  renderCall();

  frame?.remove();
  const next = el('iframe', { title: 'SCV connector (dev build)' });
  next.src = '/connector/index.html';
  frame = next;
  ui.frameHost.appendChild(next);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!frame || event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
  if (!isRecord(event.data) || event.data['type'] !== 'DEV_CONNECTOR_LOADED') return;
  const channel = new MessageChannel();
  port = channel.port1;
  port.onmessage = onConnectorMessage;
  const config = connectorConfig();
  frame.contentWindow?.postMessage({ type: 'DEV_SETUP_CONNECTOR', connectorConfig: config }, window.location.origin, [channel.port2]);
  // The fixture is long and already on screen; the log shows its size only.
  const shown = { ...config, userPresenceStatuses: `(${config.userPresenceStatuses.length} characters of JSON, see the config card)` };
  logRow('out', 'SETUP_CONNECTOR', { connectorConfig: shown, via: 'dev relay (DEV_SETUP_CONNECTOR)' });
});

ui.reconnect.addEventListener('click', connect);
ui.showLogs.addEventListener('change', () => {
  for (const row of Array.from(ui.log.rows)) if (row.dataset['log'] === 'true') row.hidden = !ui.showLogs.checked;
});
ui.clearLog.addEventListener('click', () => ui.log.replaceChildren());

async function start(): Promise<void> {
  ui.statusMap.value = DEFAULT_STATUS_MAP;
  try {
    const response = await fetch('/fixtures/user-presence-statuses.json');
    ui.presenceJson.value = await response.text();
  } catch {
    ui.presenceJson.value = '{}';
    logRow('error', 'fixture', 'could not load /fixtures/user-presence-statuses.json');
  }
  connect();
}

void start();
