import { COPY_WINDOW_MS, OmniCopies } from '../../../src/composition/instances/omni-copies';

const away = { statusId: 'away', enqueueNextState: false };
const avail = { statusId: 'avail', enqueueNextState: false };

describe('OmniCopies: one Omni change, reported by every instance, applies once', () => {
  let now = 0;
  const copies = (): OmniCopies => {
    const c = new OmniCopies(() => now);
    c.join('a');
    c.join('b');
    c.join('c');
    return c;
  };
  beforeEach(() => {
    now = 0;
  });

  it('the first report is new, each other instance\'s is a copy', () => {
    const c = copies();
    expect(c.report('b', away)).toBe('new');
    expect(c.report('a', away)).toBe('copy');
    expect(c.report('c', away)).toBe('copy');
  });

  it('A, B, A from one tab interleaved with the same from another never flaps', () => {
    const c = copies();
    c.leave('c');
    expect(['a', 'a', 'b', 'a', 'b', 'b'].map((who, i) => c.report(who, [away, avail, away, away, avail, away][i] ?? away))).toEqual([
      'new', 'new', 'copy', 'new', 'copy', 'copy',
    ]);
  });

  it('a change the agent makes again in another tab is new', () => {
    const c = copies();
    c.leave('c');
    expect(c.report('a', away)).toBe('new');
    expect(c.report('b', away)).toBe('copy');
    expect(c.report('b', away)).toBe('new');
  });

  it('a copy that never came expires after the window', () => {
    const c = copies();
    c.leave('c');
    expect(c.report('a', away)).toBe('new');
    now = COPY_WINDOW_MS;
    expect(c.report('b', away)).toBe('copy');
    expect(c.report('a', avail)).toBe('new');
    now += COPY_WINDOW_MS + 1;
    expect(c.report('b', avail)).toBe('new');
  });

  it('a copy its host skipped is passed over', () => {
    const c = copies();
    c.leave('c');
    c.report('a', away);
    c.report('a', avail);
    expect(c.report('b', avail)).toBe('copy');
    expect(c.report('b', away)).toBe('new');
  });

  it('an instance that joined later owes nothing from before', () => {
    const c = new OmniCopies(() => now);
    c.join('a');
    c.report('a', away);
    c.join('d');
    expect(c.report('d', away)).toBe('new');
  });

  it('enqueueNextState is part of the change', () => {
    const c = copies();
    c.leave('c');
    c.report('a', away);
    expect(c.report('b', { ...away, enqueueNextState: true })).toBe('new');
  });
});
