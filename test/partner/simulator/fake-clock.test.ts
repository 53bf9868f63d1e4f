import { FAKE_EPOCH, FakeClock } from '../../support/fake-clock';

describe('FakeClock (test support)', () => {
  it('fires timers in due order at their due time, including ones set while advancing', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now() - FAKE_EPOCH}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now() - FAKE_EPOCH}`);
      clock.setTimeout(() => fired.push(`c@${clock.now() - FAKE_EPOCH}`), 5);
    }, 10);
    clock.setTimeout(() => fired.push(`d@${clock.now() - FAKE_EPOCH}`), 20);
    clock.advance(14);
    expect(fired).toEqual(['a@10']);
    clock.advance(1);
    expect(fired).toEqual(['a@10', 'c@15']);
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20', 'd@20']);
    expect(clock.now()).toBe(FAKE_EPOCH + 115);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clears timers, treats negative or NaN delays as 0, and refuses to go back in time', () => {
    const clock = new FakeClock(1_000);
    let n = 0;
    const h = clock.setTimeout(() => n++, 10);
    clock.setTimeout(() => n++, -5);
    clock.setTimeout(() => n++, Number.NaN);
    clock.clearTimeout(h);
    clock.clearTimeout(999);
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(0);
    expect(n).toBe(2);
    expect(() => clock.advance(-1)).toThrow('advance(ms): ms must be a finite number >= 0, got -1');
    expect(clock.now()).toBe(1_000);
  });
});
