/**
 * How long a takeover takes in a real Chromium (CONTRACT §6: within 2 s of the close):
 * the publishing tab is closed 50 times; each time, another tab's remote control asks for
 * STATE every 5 ms until the new leader answers. Reports p50/p99 (recorded in the README);
 * asserts only the contract's bound.
 */
import { sleep, type BrowserSession } from './harness';
import { browserSuite } from './suite';

const CLOSES = 50;
const TAKEOVER_LIMIT_MS = 2_000;

const suite = browserSuite();

interface TimingWindow {
  __t0: number;
  __armTakeover(): void;
  __takeover(): Promise<number>;
}

async function remoteOf(tab: BrowserSession) {
  const remote = await tab.frame('remote');
  await remote.evaluate(() => {
    const w = window as unknown as TimingWindow;
    w.__armTakeover = () => {
      w.__t0 = performance.now();
    };
    w.__takeover = () =>
      new Promise<number>((resolve) => {
        const channel = new BroadcastChannel('scv-partner-simulator');
        const ask = setInterval(() => channel.postMessage({ type: 'GET_STATE' }), 5);
        channel.onmessage = (event: MessageEvent) => {
          if ((event.data as { type?: string } | null)?.type !== 'STATE') return;
          clearInterval(ask);
          channel.close();
          resolve(performance.now() - w.__t0);
        };
      });
  });
  return remote;
}

it(`takeover after the publishing tab closes (${CLOSES} closes): p50/p99 reported, each within 2 s`, async () => {
  const first = await suite.open();
  let leader: BrowserSession = first;
  let follower = await first.openTab();
  await sleep(600);
  const times: number[] = [];
  for (let i = 0; i < CLOSES; i++) {
    const remote = await remoteOf(follower);
    await remote.evaluate(() => (window as unknown as TimingWindow).__armTakeover());
    await leader.page.close();
    times.push(await remote.evaluate(() => (window as unknown as TimingWindow).__takeover()));
    leader = follower;
    follower = await first.openTab();
    await sleep(400);
  }
  const sorted = [...times].sort((x, y) => x - y);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  console.log(`takeover over ${times.length} closes: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${sorted[sorted.length - 1]?.toFixed(0)} ms`);
  expect(sorted[sorted.length - 1]).toBeLessThan(TAKEOVER_LIMIT_MS);
}, 300_000);
