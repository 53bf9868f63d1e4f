/**
 * The partner simulator console: the remote control of the simulated telephony system.
 *
 * @remarks
 * It speaks the simulator's `BroadcastChannel('scv-partner-simulator')` protocol
 * (CONTRACT §4): it sends commands (`SET_PARTNER_STATUS`, `SCHEDULE_STATUS`,
 * `INCOMING_CALL`, `REMOTE_ANSWER`, `REMOTE_HANGUP`, `GET_STATE`) and shows each
 * `STATE` the simulator posts. The page must be on the connector page's origin, which
 * the dev server guarantees. The scheduled-break countdown is this page's own
 * display; the simulator keeps the real schedule.
 *
 * The simulator's channel carries no sender: with several Omni emulator tabs open, each
 * loads its own connector (with its own simulator) and they all answer here. The Omni
 * tabs announce themselves on the dev-only channel `scv-dev-omni`, so this page says
 * which instance it shows, and names the Salesforce statuses behind the statusIds.
 */
import { PARTNER_STATUSES, type PartnerStatus } from '../../src/vocabulary/partner-status';
import { byId, clockTime, el, isRecord, text } from './dom';

/** The simulator's channel name (CONTRACT §4). */
const CHANNEL_NAME = 'scv-partner-simulator';

interface SyncEntry {
  at: number;
  direction: string;
  from: string | null;
  to: string;
  outcome: string;
  reason: string;
}

interface SimulatorState {
  partnerStatus: string;
  routable: boolean;
  callState: string;
  salesforceStatusId: string | null;
  pending: { direction: string; status: string; statusId?: string } | null;
  syncLog: SyncEntry[];
}

interface Schedule {
  status: PartnerStatus;
  startAt: number;
  endAt: number | null;
  returnTo: string;
}

const ui = {
  connection: byId('connection', HTMLSpanElement),
  partnerStatus: byId('partner-status', HTMLElement),
  routable: byId('routable', HTMLSpanElement),
  buttons: byId('partner-buttons', HTMLDivElement),
  scheduleStatus: byId('schedule-status', HTMLSelectElement),
  scheduleStart: byId('schedule-start', HTMLInputElement),
  scheduleDuration: byId('schedule-duration', HTMLInputElement),
  schedule: byId('schedule', HTMLButtonElement),
  countdown: byId('countdown', HTMLParagraphElement),
  caller: byId('caller-number', HTMLInputElement),
  incoming: byId('incoming-call', HTMLButtonElement),
  remoteAnswer: byId('remote-answer', HTMLButtonElement),
  remoteHangup: byId('remote-hangup', HTMLButtonElement),
  callState: byId('call-state', HTMLElement),
  statePartner: byId('state-partner-status', HTMLElement),
  stateRoutable: byId('state-routable', HTMLElement),
  stateCall: byId('state-call-state', HTMLElement),
  stateSf: byId('state-sf-status', HTMLElement),
  statePending: byId('state-pending', HTMLElement),
  syncLog: byId('sync-log', HTMLTableSectionElement),
  instances: byId('instances', HTMLParagraphElement),
};

const channel = new BroadcastChannel(CHANNEL_NAME);
let latest: SimulatorState | null = null;
let schedule: Schedule | null = null;
let ticker: ReturnType<typeof setInterval> | null = null;

function post(command: Record<string, unknown> & { type: string }): void {
  channel.postMessage(command);
}

// ---------------------------------------------------------------- STATE

function parseState(data: unknown): SimulatorState | null {
  if (!isRecord(data) || data['type'] !== 'STATE') return null;
  const pending = isRecord(data['pending']) ? data['pending'] : null;
  const log = Array.isArray(data['syncLog']) ? data['syncLog'] : [];
  return {
    partnerStatus: text(data['partnerStatus'], '?'),
    routable: data['routable'] === true,
    callState: text(data['callState'], '?'),
    salesforceStatusId: typeof data['salesforceStatusId'] === 'string' ? data['salesforceStatusId'] : null,
    pending: pending
      ? {
          direction: text(pending['direction']),
          status: text(pending['status']),
          ...(typeof pending['statusId'] === 'string' ? { statusId: pending['statusId'] } : {}),
        }
      : null,
    syncLog: log.filter(isRecord).map((entry) => ({
      at: typeof entry['at'] === 'number' ? entry['at'] : 0,
      direction: text(entry['direction']),
      from: typeof entry['from'] === 'string' ? entry['from'] : null,
      to: text(entry['to']),
      outcome: text(entry['outcome']),
      reason: text(entry['reason']),
    })),
  };
}

// ---------------------------------------------------------------- Omni tabs

interface OmniTab {
  openedAt: string;
  seen: number;
  statuses: Map<string, string>;
}

const omniChannel = new BroadcastChannel('scv-dev-omni');
const tabs = new Map<string, OmniTab>();
/** How long a tab that stopped answering is still counted. */
const TAB_TIMEOUT_MS = 5000;

/** A Salesforce statusId with the name the Omni tabs give it. */
function statusName(statusId: string): string {
  for (const tab of tabs.values()) {
    const name = tab.statuses.get(statusId);
    if (name !== undefined) return `${name} (${statusId})`;
  }
  return statusId;
}

/** A sync-log reason with each Salesforce statusId it mentions named. */
function withNames(reason: string): string {
  return reason.replace(/\b[A-Za-z0-9]{15,18}\b/g, (word) => statusName(word));
}

/** The publishing connector instance, from the leader's heartbeats (src/composition/instances/election.ts). */
let publisher: { id: string; term: number; seen: number } | null = null;
const electionChannel = new BroadcastChannel('scv-connector-instances');
// A leader beats only while it has followers: this page says hello as one to each leader it hears of.
const consoleId = `console-${Math.random().toString(36).slice(2)}`;
const greet = (t: 'hello' | 'bye'): void => electionChannel.postMessage({ t, from: consoleId, epoch: 0 });
electionChannel.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (!isRecord(data) || data['t'] !== 'heartbeat' || typeof data['from'] !== 'string' || typeof data['epoch'] !== 'number') return;
  const changed = publisher?.id !== data['from'];
  publisher = { id: data['from'], term: data['epoch'], seen: Date.now() };
  if (changed) {
    greet('hello');
    renderInstances();
  }
});
greet('hello');
addEventListener('pagehide', () => greet('bye'));

function publisherText(): string {
  return publisher && Date.now() - publisher.seen < 2_000 ? `instance ${publisher.id} (term ${publisher.term})` : 'none yet';
}

function renderInstances(): void {
  const list = [...tabs.entries()].map(([id, tab]) => `tab ${id}, opened ${tab.openedAt}`);
  document.body.dataset['omniTabs'] = String(tabs.size);
  if (tabs.size === 0) {
    ui.instances.className = 'banner';
    ui.instances.textContent = 'No Omni emulator tab is open: open one; it loads the connector, whose simulator this console controls.';
  } else if (tabs.size === 1) {
    ui.instances.className = 'banner ok';
    ui.instances.textContent = `Showing the connector of the one Omni emulator tab (${list[0]}). Publishing: ${publisherText()}.`;
  } else {
    // Information, not a warning: the instances act as one.
    ui.instances.className = 'banner ok';
    ui.instances.textContent =
      `${tabs.size} Omni emulator tabs are open (${list.join('; ')}). Their connectors act as one: one simulator, ` +
      `run by the instance that publishes partner changes to Salesforce: ${publisherText()}; the others follow it.`;
  }
}

omniChannel.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (!isRecord(data) || typeof data['tab'] !== 'string') return;
  if (data['type'] === 'OMNI_TAB_CLOSED') tabs.delete(data['tab']);
  else if (data['type'] === 'OMNI_TAB') {
    const statuses = new Map<string, string>();
    for (const status of Array.isArray(data['statuses']) ? data['statuses'] : []) {
      if (isRecord(status) && typeof status['statusId'] === 'string' && typeof status['statusName'] === 'string') {
        statuses.set(status['statusId'], status['statusName']);
      }
    }
    tabs.set(data['tab'], { openedAt: text(data['openedAt']), seen: Date.now(), statuses });
  }
  renderInstances();
  if (latest) renderState(latest);
});

function lookForTabs(): void {
  const now = Date.now();
  for (const [id, tab] of tabs) if (now - tab.seen > TAB_TIMEOUT_MS) tabs.delete(id);
  renderInstances();
  omniChannel.postMessage({ type: 'WHO_IS_THERE' });
}
lookForTabs();
setInterval(lookForTabs, 2000);

// ---------------------------------------------------------------- STATE view

function renderState(state: SimulatorState): void {
  ui.connection.textContent = 'simulator connected';
  ui.connection.className = 'pill pill-ok';
  document.body.dataset['simulator'] = 'connected';
  ui.partnerStatus.textContent = state.partnerStatus;
  ui.partnerStatus.dataset['status'] = state.partnerStatus;
  ui.routable.textContent = state.routable ? 'routable' : 'not routable';
  ui.routable.className = `pill ${state.routable ? 'pill-ok' : 'pill-bad'}`;
  ui.routable.hidden = false;
  for (const button of Array.from(ui.buttons.querySelectorAll('button'))) {
    button.classList.toggle('selected', button.dataset['status'] === state.partnerStatus);
  }
  ui.callState.textContent = state.callState;
  ui.statePartner.textContent = state.partnerStatus;
  ui.stateRoutable.textContent = String(state.routable);
  ui.stateCall.textContent = state.callState;
  ui.stateSf.textContent = state.salesforceStatusId === null ? 'null (no Omni status seen yet)' : statusName(state.salesforceStatusId);
  ui.statePending.textContent = state.pending
    ? `${state.pending.direction}: ${state.pending.status}${state.pending.statusId ? ` (Salesforce ${statusName(state.pending.statusId)})` : ''}`
    : 'null';

  // toPartner entries speak Salesforce statusIds (CONTRACT §9): shown with their names.
  const side = (entry: SyncEntry, value: string): string => (entry.direction === 'toPartner' ? statusName(value) : value);
  const rows = [...state.syncLog].reverse().map((entry) =>
    el('tr', {}, [
      el('td', { text: entry.at > 0 ? clockTime(entry.at) : '' }),
      el('td', { text: entry.direction === 'toPartner' ? 'Omni → partner' : entry.direction === 'toSalesforce' ? 'partner → Omni' : entry.direction }),
      el('td', { text: entry.from === null ? '—' : side(entry, entry.from) }),
      el('td', { text: side(entry, entry.to) }),
      el('td', { className: `outcome outcome-${entry.outcome}`, text: entry.outcome }),
      el('td', { text: withNames(entry.reason) }),
    ]),
  );
  if (rows.length === 0) {
    const empty = el('td', { className: 'muted', text: 'No sync decision yet: change the status on either side.' });
    empty.colSpan = 6;
    rows.push(el('tr', {}, [empty]));
  }
  ui.syncLog.replaceChildren(...rows);
}

channel.addEventListener('message', (event: MessageEvent<unknown>) => {
  const state = parseState(event.data);
  if (!state) return;
  latest = state;
  renderState(state);
});

// ---------------------------------------------------------------- controls

ui.buttons.replaceChildren(
  ...PARTNER_STATUSES.map((status) => {
    const button = el('button', { text: status });
    button.dataset['status'] = status;
    button.addEventListener('click', () => post({ type: 'SET_PARTNER_STATUS', status }));
    return button;
  }),
);
ui.scheduleStatus.replaceChildren(...PARTNER_STATUSES.map((status) => el('option', { text: status })));
ui.scheduleStatus.value = 'BREAK';

function seconds(input: HTMLInputElement): number {
  const value = Number(input.value);
  return Number.isFinite(value) && value >= 0 ? value : 0;
}

function renderCountdown(): void {
  if (!schedule) return;
  const now = Date.now();
  const left = (until: number): string => `${Math.max(0, Math.ceil((until - now) / 1000))} s`;
  if (now < schedule.startAt) {
    ui.countdown.textContent = `${schedule.status} starts in ${left(schedule.startAt)}${schedule.endAt ? `, lasts ${Math.round((schedule.endAt - schedule.startAt) / 1000)} s` : ''}.`;
  } else if (schedule.endAt !== null && now < schedule.endAt) {
    ui.countdown.textContent = `${schedule.status} now; back to ${schedule.returnTo} in ${left(schedule.endAt)}.`;
  } else {
    ui.countdown.textContent = schedule.endAt === null ? `${schedule.status} started.` : `Scheduled ${schedule.status} is over.`;
    ui.countdown.classList.remove('active');
    schedule = null;
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
    return;
  }
  ui.countdown.classList.add('active');
}

ui.schedule.addEventListener('click', () => {
  const status = PARTNER_STATUSES.find((s) => s === ui.scheduleStatus.value) ?? 'BREAK';
  const startInMs = Math.round(seconds(ui.scheduleStart) * 1000);
  const durationS = seconds(ui.scheduleDuration);
  const durationMs = durationS > 0 ? Math.round(durationS * 1000) : undefined;
  post({ type: 'SCHEDULE_STATUS', status, startInMs, ...(durationMs !== undefined ? { durationMs } : {}) });
  const startAt = Date.now() + startInMs;
  schedule = { status, startAt, endAt: durationMs !== undefined ? startAt + durationMs : null, returnTo: latest?.partnerStatus ?? 'the previous status' };
  if (ticker !== null) clearInterval(ticker);
  // A display countdown only; the simulator fires the real change on its own clock.
  ticker = setInterval(renderCountdown, 250);
  renderCountdown();
});

ui.incoming.addEventListener('click', () => {
  const phoneNumber = ui.caller.value.trim();
  post({ type: 'INCOMING_CALL', ...(phoneNumber ? { phoneNumber } : {}) });
});
ui.remoteAnswer.addEventListener('click', () => post({ type: 'REMOTE_ANSWER' }));
ui.remoteHangup.addEventListener('click', () => post({ type: 'REMOTE_HANGUP' }));

// Until the connector (and the simulator inside it) is up, nobody answers GET_STATE;
// ask again each second until the first STATE arrives.
post({ type: 'GET_STATE' });
const askAgain = setInterval(() => {
  if (latest) clearInterval(askAgain);
  else post({ type: 'GET_STATE' });
}, 1000);
