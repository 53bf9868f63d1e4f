import { WrapUpHolders } from '../../../src/composition/instances/wrap-up-holders';

describe('WrapUpHolders: who shows the agent\'s wrap-up (CONTRACT §7.4 with several tabs)', () => {
  let inWrapUp: boolean;
  let ended: number;
  const holders = (): WrapUpHolders => new WrapUpHolders(() => inWrapUp, () => void (ended += 1));
  beforeEach(() => {
    inWrapUp = true;
    ended = 0;
  });

  it('a tab that joined during wrap-up does not end the wrap-up another tab shows', () => {
    const h = holders();
    h.began(['a', 'b']);
    h.orphaned('b2');
    expect(ended).toBe(0);
  });

  it('a holder ends it without a call (a call center without after-call work)', () => {
    const h = holders();
    h.began(['a', 'b']);
    h.orphaned('b');
    expect(ended).toBe(1);
  });

  it('a lone reloaded tab ends it (nobody else shows it)', () => {
    const h = holders();
    h.orphaned('a2');
    expect(ended).toBe(1);
  });

  it('ends when the last holder leaves, not before; a tab that never held leaving changes nothing', () => {
    const h = holders();
    h.began(['a', 'b']);
    h.left('c');
    h.left('a');
    expect(ended).toBe(0);
    h.left('b');
    expect(ended).toBe(1);
  });

  it('a new leader keeps it while a follower says it holds it; ends it when nobody does', () => {
    const h = holders();
    h.hold('b');
    h.settle();
    expect(ended).toBe(0);
    const lone = holders();
    lone.settle();
    expect(ended).toBe(1);
  });

  it('does nothing outside wrap-up', () => {
    inWrapUp = false;
    const h = holders();
    h.hold('a');
    h.orphaned('x');
    h.settle();
    h.left('a');
    expect(ended).toBe(0);
  });
});
