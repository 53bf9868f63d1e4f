/**
 * The partner server console: the simulator console's server mode. It drives the
 * reference partner server's admin API (CONTRACT §8) and shows every agent.
 *
 * @remarks
 * The page calls `/partner-admin/…` on its own origin; the dev server forwards those
 * requests to the partner server's `/admin/…` and adds the admin token, so the token
 * never reaches the browser. It polls `GET /admin/agents` and `GET /admin/queue` once a
 * second. Phone numbers are never shown, only masked.
 */
import { PARTNER_STATUSES } from '../../src/vocabulary/partner-status';
import { byId, clockTime, el, isRecord, text } from './dom';

const POLL_MS = 1000;

interface AgentRow {
  id: string;
  partnerStatus: string;
  routable: boolean;
  callState: string;
  calls: { id: string; role: string; state: string }[];
  sessions: number;
}

const ui = {
  connection: byId('connection', HTMLSpanElement),
  caller: byId('queue-caller', HTMLInputElement),
  queueCall: byId('queue-call', HTMLButtonElement),
  queue: byId('queue', HTMLTableSectionElement),
  agents: byId('agents', HTMLTableSectionElement),
  result: byId('result', HTMLParagraphElement),
};

async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`/partner-admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

/** Sends an admin request and shows its outcome. */
async function send(label: string, path: string, body?: unknown): Promise<void> {
  try {
    const { status, body: answer } = await request('POST', path, body);
    const error = isRecord(answer) && typeof answer.error === 'string' ? answer.error : null;
    ui.result.textContent = `${clockTime()} ${label}: ${status}${error ? ` — ${error}` : ''}`;
    ui.result.className = status < 300 ? '' : 'bad';
  } catch (e) {
    ui.result.textContent = `${clockTime()} ${label}: ${e instanceof Error ? e.message : String(e)}`;
    ui.result.className = 'bad';
  }
  void refresh();
}

function agentCommand(agentId: string, command: Record<string, unknown>): Promise<void> {
  return send(`${agentId} ${text(command.type)}`, `agents/${encodeURIComponent(agentId)}/commands`, command);
}

function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text: label, className });
  b.addEventListener('click', onClick);
  return b;
}

function agentActions(agent: AgentRow): HTMLElement {
  const select = el('select');
  for (const status of PARTNER_STATUSES) {
    const option = el('option', { text: status });
    option.value = status;
    option.selected = status === agent.partnerStatus;
    select.appendChild(option);
  }
  return el('div', { className: 'button-row' }, [
    select,
    button('Set status', () => void agentCommand(agent.id, { type: 'SET_PARTNER_STATUS', status: select.value })),
    button('Incoming call', () => void agentCommand(agent.id, { type: 'INCOMING_CALL', phoneNumber: ui.caller.value.trim() || undefined }), 'good'),
    button('Remote answer', () => void agentCommand(agent.id, { type: 'REMOTE_ANSWER' })),
    button('Remote hangup', () => void agentCommand(agent.id, { type: 'REMOTE_HANGUP' }), 'bad'),
    button('Drop connections', () => void send(`${agent.id} disconnect`, `agents/${encodeURIComponent(agent.id)}/disconnect`)),
  ]);
}

function asAgents(value: unknown): AgentRow[] {
  if (!isRecord(value) || !Array.isArray(value.agents)) return [];
  return value.agents.filter(isRecord).map((a) => ({
    id: text(a.id),
    partnerStatus: text(a.partnerStatus),
    routable: a.routable === true,
    callState: text(a.callState),
    calls: Array.isArray(a.calls) ? a.calls.filter(isRecord).map((c) => ({ id: text(c.id), role: text(c.role), state: text(c.state) })) : [],
    sessions: typeof a.sessions === 'number' ? a.sessions : 0,
  }));
}

// Rows are rebuilt only when an agent changed, so an open status picker is not reset.
const shown = new Map<string, string>();

function renderAgents(agents: readonly AgentRow[]): void {
  const key = (a: AgentRow): string => JSON.stringify(a);
  if (agents.length === shown.size && agents.every((a) => shown.get(a.id) === key(a))) return;
  shown.clear();
  ui.agents.replaceChildren(
    ...agents.map((a) => {
      shown.set(a.id, key(a));
      const calls = a.calls.map((c) => `${c.role} ${c.state} (${c.id.slice(0, 8)})`).join(', ') || '—';
      return el('tr', {}, [
        el('td', { text: a.id }),
        el('td', {}, [el('span', { className: `pill ${a.routable ? 'pill-ok' : 'pill-wait'}`, text: a.partnerStatus })]),
        el('td', { text: a.callState }),
        el('td', { text: calls }),
        el('td', { text: String(a.sessions) }),
        el('td', {}, [agentActions(a)]),
      ]);
    }),
  );
}

function renderQueue(value: unknown): void {
  const calls = isRecord(value) && Array.isArray(value.calls) ? value.calls.filter(isRecord) : [];
  ui.queue.replaceChildren(
    ...(calls.length === 0
      ? [el('tr', {}, [el('td', { text: 'empty', className: 'muted' })])]
      : calls.map((c) =>
          el('tr', {}, [
            el('td', { text: text(c.callId).slice(0, 8) }),
            el('td', { text: text(c.offeredTo, 'waiting') }),
            el('td', { text: text(c.attempts) }),
            el('td', { text: typeof c.enqueuedAt === 'number' ? clockTime(c.enqueuedAt) : '' }),
          ]),
        )),
  );
}

async function refresh(): Promise<void> {
  try {
    const [agents, queue] = await Promise.all([request('GET', 'agents'), request('GET', 'queue')]);
    if (agents.status !== 200) {
      const error = isRecord(agents.body) && typeof agents.body.error === 'string' ? agents.body.error : `HTTP ${agents.status}`;
      ui.connection.textContent = error;
      ui.connection.className = 'pill pill-bad';
      return;
    }
    ui.connection.textContent = 'partner server connected';
    ui.connection.className = 'pill pill-ok';
    renderAgents(asAgents(agents.body));
    renderQueue(queue.body);
  } catch (e) {
    ui.connection.textContent = `partner server unreachable (${e instanceof Error ? e.message : String(e)})`;
    ui.connection.className = 'pill pill-bad';
  }
}

ui.queueCall.addEventListener('click', () => {
  const phoneNumber = ui.caller.value.trim();
  void send('queue a call', 'queue/calls', phoneNumber ? { phoneNumber } : {});
});

void refresh();
setInterval(() => void refresh(), POLL_MS);
