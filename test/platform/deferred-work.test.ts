// DeferredWork: what the page does after an answer, on one timer, in order, and at once on pagehide.
import { DeferredWork } from '../../src/platform/deferred-work';
import { FakeClock } from '../support/fake-clock';

function setup(): { clock: FakeClock; work: DeferredWork; ran: string[]; errors: unknown[]; timers: () => number } {
  const clock = new FakeClock();
  let armed = 0;
  const setTimeout = clock.setTimeout.bind(clock);
  clock.setTimeout = (fn, ms) => {
    armed++;
    return setTimeout(fn, ms);
  };
  const errors: unknown[] = [];
  return { clock, work: new DeferredWork(clock, (e) => errors.push(e)), ran: [], errors, timers: () => armed };
}

describe('DeferredWork', () => {
  it('runs nothing during the current task, then every job in order on one 0 ms timer', () => {
    const { clock, work, ran, timers } = setup();
    work.defer(() => ran.push('a'));
    work.defer(() => ran.push('b'));
    work.defer(() => ran.push('c'));
    expect(ran).toEqual([]);
    expect(timers()).toBe(1);
    clock.advance(0);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a job deferred by a running job joins the same run, without a second timer', () => {
    const { clock, work, ran, timers } = setup();
    work.defer(() => {
      ran.push('outer');
      work.defer(() => ran.push('inner'));
    });
    clock.advance(0);
    expect(ran).toEqual(['outer', 'inner']);
    expect(timers()).toBe(1);
    clock.advance(1000);
    expect(ran).toEqual(['outer', 'inner']);
  });

  it('flush runs everything at once and disarms the timer (pagehide)', () => {
    const { clock, work, ran } = setup();
    work.defer(() => ran.push('a'));
    work.flush();
    expect(ran).toEqual(['a']);
    clock.advance(0);
    expect(ran).toEqual(['a']);
    work.defer(() => ran.push('b'));
    clock.advance(0);
    expect(ran).toEqual(['a', 'b']);
  });

  it('a job that throws is reported and the others still run', () => {
    const { clock, work, ran, errors } = setup();
    work.defer(() => {
      throw new Error('boom');
    });
    work.defer(() => ran.push('after'));
    clock.advance(0);
    expect(ran).toEqual(['after']);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('close flushes, and later jobs run at once without a timer', () => {
    const { work, ran, timers } = setup();
    work.defer(() => ran.push('a'));
    work.close();
    expect(ran).toEqual(['a']);
    work.defer(() => ran.push('b'));
    expect(ran).toEqual(['a', 'b']);
    expect(timers()).toBe(1);
  });
});
