/**
 * The bench host page, playing Salesforce's Lightning page (like test/browser's host):
 * iframes adapter pages from the connector origin, sets them up with SETUP_CONNECTOR and
 * a MessagePort, and times round trips with its own `performance.now()`.
 *
 * @remarks
 * Every timing is a round trip measured here, so no clocks of two frames are compared.
 * A sample starts when the request is posted and ends in the port's `onmessage` for the
 * awaited message; the next sample starts only after every port has been quiet for
 * `quietMs`, so the messages a sample causes (LOG lines) never overlap the next one. The
 * host never echoes SET_AGENT_STATUS back, so every partner change publishes.
 */
import { seededRandom, shuffle } from '../random';
import { BENCH_CONTROL, type BenchHost, type ControlRequest, type PlanOptions, type RoundTrips } from '../protocol';

interface Waiter {
  match: (data: PortMessage) => boolean;
  resolve: (at: number) => void;
}

interface PortMessage {
  type?: string;
  payload?: { telephonyEventType?: string; telephonyEventPayload?: unknown };
}

interface Frame {
  iframe: HTMLIFrameElement;
  port: MessagePort | null;
  control: MessagePort | null;
  received: string[];
  waiters: Waiter[];
}

const connectorOrigin = new URLSearchParams(location.search).get('connector') ?? '';
const frames = new Map<string, Frame>();
let messageCount = 0;

function frame(id: string): Frame {
  const f = frames.get(id);
  if (!f) throw new Error(`no frame ${id}`);
  return f;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function loaded(iframe: HTMLIFrameElement): Promise<void> {
  return new Promise((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
}

function addFrame(id: string): Frame {
  const iframe = document.createElement('iframe');
  iframe.id = id;
  iframe.title = id;
  document.body.appendChild(iframe);
  const f: Frame = { iframe, port: null, control: null, received: [], waiters: [] };
  frames.set(id, f);
  return f;
}

/** Resolves with the arrival time of the first message matching `match`; rejects after 10 s naming `what`. */
function waitFor(f: Frame, what: string, match: (data: PortMessage) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      match,
      resolve: (at) => {
        clearTimeout(timer);
        resolve(at);
      },
    };
    f.waiters.push(waiter);
    const timer = setTimeout(() => {
      const index = f.waiters.indexOf(waiter);
      if (index < 0) return;
      f.waiters.splice(index, 1);
      reject(new Error(`frame ${f.iframe.id}: no ${what} within 10 s; last messages: ${f.received.slice(-8).join(', ')}`));
    }, 10_000);
  });
}

function isTelephonyEvent(eventType: string, payload?: (p: unknown) => boolean): (data: PortMessage) => boolean {
  return (data) =>
    data.type === 'TELEPHONY_EVENT_DISPATCHED' &&
    data.payload?.telephonyEventType === eventType &&
    (payload === undefined || payload(data.payload.telephonyEventPayload));
}

const succeeded = (p: unknown): boolean => (p as { success?: unknown } | null)?.success === true;

/** Opens the channel to frame `f` (SETUP_CONNECTOR) and resolves when CONNECTOR_READY arrives (timestamp). */
function connect(f: Frame, connectorConfig: Record<string, unknown>): Promise<number> {
  const channel = new MessageChannel();
  f.port?.close();
  f.port = channel.port1;
  f.port.onmessage = (event: MessageEvent<PortMessage>) => {
    const at = performance.now();
    messageCount += 1;
    const data = event.data ?? {};
    f.received.push(data.type === 'TELEPHONY_EVENT_DISPATCHED' ? `${data.type}:${data.payload?.telephonyEventType ?? ''}` : String(data.type));
    const index = f.waiters.findIndex((w) => w.match(data));
    if (index >= 0) f.waiters.splice(index, 1)[0]?.resolve(at);
  };
  const ready = waitFor(f, 'CONNECTOR_READY', (d) => d.type === 'CONNECTOR_READY');
  f.iframe.contentWindow?.postMessage({ type: 'SETUP_CONNECTOR', connectorConfig }, connectorOrigin, [channel.port2]);
  return ready;
}

/** Resolves once no port has received anything for `quietMs`. */
async function quiet(quietMs: number): Promise<void> {
  for (;;) {
    const before = messageCount;
    await sleep(quietMs);
    if (messageCount === before) return;
  }
}

/** Warm-up samples (not kept) then `samples` of each path (or only `plan.only`), all in one seeded random order. */
function makePlan(plan: PlanOptions): { path: 'ours' | 'floor'; keep: boolean }[] {
  const random = seededRandom(plan.seed);
  const paths = (n: number): ('ours' | 'floor')[] =>
    plan.only === undefined ? [...Array<'ours'>(n).fill('ours'), ...Array<'floor'>(n).fill('floor')] : Array<'ours' | 'floor'>(n).fill(plan.only);
  const order = (n: number): ('ours' | 'floor')[] => shuffle(paths(n), random);
  return [
    ...order(plan.warmup).map((path) => ({ path, keep: false })),
    ...order(plan.samples).map((path) => ({ path, keep: true })),
  ];
}

async function roundTrips(plan: PlanOptions, sample: (path: 'ours' | 'floor', i: number) => Promise<number>): Promise<RoundTrips> {
  const result: RoundTrips = { ours: [], floor: [] };
  const count = { ours: 0, floor: 0 };
  for (const step of makePlan(plan)) {
    const ms = await sample(step.path, count[step.path]++);
    await quiet(plan.quietMs);
    if (step.keep) result[step.path].push(ms);
  }
  return result;
}

const bench: BenchHost = {
  isolated: () => crossOriginIsolated,

  mount(id, path) {
    const f = addFrame(id);
    const done = loaded(f.iframe);
    f.iframe.src = connectorOrigin + path;
    return done;
  },

  unmount(id) {
    const f = frames.get(id);
    f?.port?.close();
    f?.control?.close();
    f?.iframe.remove();
    frames.delete(id);
  },

  async setup(id, connectorConfig) {
    const start = performance.now();
    return (await connect(frame(id), connectorConfig)) - start;
  },

  async coldStart(path, connectorConfig) {
    const id = `cold-${performance.now()}`;
    const f = addFrame(id);
    const onLoad = loaded(f.iframe);
    const start = performance.now();
    f.iframe.src = connectorOrigin + path;
    await onLoad;
    const ready = await connect(f, connectorConfig);
    bench.unmount(id);
    return ready - start;
  },

  attachControl(id) {
    const f = frame(id);
    const channel = new MessageChannel();
    f.control = channel.port1;
    f.iframe.contentWindow?.postMessage({ type: BENCH_CONTROL }, connectorOrigin, [channel.port2]);
  },

  partnerToOmni(id, plan, partnerStatuses, statusIds) {
    const f = frame(id);
    const control = f.control;
    if (!control) throw new Error(`frame ${id} has no control port`);
    return roundTrips(plan, async (path, i) => {
      // Alternate, so every change is a change and publishes.
      const request: ControlRequest = path === 'ours'
        ? { op: 'partner', status: partnerStatuses[i % partnerStatuses.length] ?? '' }
        : { op: 'floor', statusId: statusIds[i % statusIds.length] ?? '' };
      const arrived = waitFor(f, 'SET_AGENT_STATUS', isTelephonyEvent('SET_AGENT_STATUS'));
      const start = performance.now();
      control.postMessage(request);
      return (await arrived) - start;
    });
  },

  omniToPartner(oursId, floorId, plan, statusIds) {
    return roundTrips(plan, async (path, i) => {
      const f = frame(path === 'ours' ? oursId : floorId);
      const port = f.port;
      if (!port) throw new Error(`frame ${f.iframe.id} is not set up`);
      const statusId = statusIds[i % statusIds.length] ?? '';
      const arrived = waitFor(f, 'SET_AGENT_STATUS_RESULT {success: true}', isTelephonyEvent('SET_AGENT_STATUS_RESULT', succeeded));
      const start = performance.now();
      port.postMessage({
        type: 'SET_AGENT_STATUS',
        agentStatus: 'Online',
        statusInfo: { statusId, statusApiName: statusId, statusName: statusId },
        enqueueNextState: false,
      });
      return (await arrived) - start;
    });
  },

  received: (id) => frame(id).received,
};

(window as unknown as { __bench: BenchHost }).__bench = bench;
