import { callList, contactList, oneCall, partnerErrorOf } from '../../../src/partner/remote/results';
import { isPartnerError } from '../../../src/partner/partner-telephony';

const CALL = { id: 'c1', role: 'customer', direction: 'inbound', phoneNumber: '+14155550100', state: 'ringing', createdAt: 1 };

describe("the server's refusals as the seam's errors", () => {
  it("passes the partner's own codes through with the server's message", () => {
    const e = partnerErrorOf({ code: 'NO_SUCH_CALL', message: 'no call c9' }, 'hold');
    expect(isPartnerError(e)).toBe(true);
    expect([e.code, e.message]).toEqual(['NO_SUCH_CALL', 'no call c9']);
  });

  it.each([
    ['SESSION_EXPIRED', 'LOGIN_REQUIRED', /hold: the partner session has ended; log in again/],
    ['NOT_AUTHENTICATED', 'LOGIN_REQUIRED', /log in again/],
    ['BAD_MESSAGE', 'INVALID_ARGUMENT', /hold: the partner server refused the request \(BAD_MESSAGE\): why/],
    ['UNKNOWN_COMMAND', 'INVALID_ARGUMENT', /refused the request \(UNKNOWN_COMMAND\)/],
    ['TOO_LARGE', 'INVALID_ARGUMENT', /refused the request \(TOO_LARGE\)/],
    ['RATE_LIMITED', 'UNAVAILABLE', /hold: the partner server could not do it \(RATE_LIMITED\); try again/],
    ['INTERNAL', 'UNAVAILABLE', /could not do it \(INTERNAL\)/],
  ])('maps the wire code %s to %s with a message naming the command', (wire, code, message) => {
    const e = partnerErrorOf({ code: wire, message: 'why' }, 'hold');
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("the server's results, checked before they reach the connector", () => {
  it('reads a call leg and a list of them', () => {
    expect(oneCall('accept', CALL)).toEqual(CALL);
    expect(callList('conference', [CALL, { ...CALL, id: 'c2', state: 'held' }]).map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it.each([
    ['no object', null],
    ['an unknown leg state', { ...CALL, state: 'flying' }],
    ['no id', { ...CALL, id: undefined }],
  ])('refuses a call leg with %s as a malformed answer', (_label, raw) => {
    expect(() => oneCall('accept', raw)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: "accept: the partner server's answer was malformed" }));
  });

  it('refuses a call list that is not a list, or holds one bad leg', () => {
    expect(() => callList('swap', { 0: CALL })).toThrow(/swap: the partner server's answer was malformed/);
    expect(() => callList('swap', [CALL, { ...CALL, role: 'boss' }])).toThrow(/malformed/);
  });

  it('reads directory entries, keeping the optional fields only when given', () => {
    const contacts = contactList('search', [
      { id: 'a1', type: 'agent', name: 'Agent One', available: true },
      { id: 'q1', type: 'queue', name: 'Sales' },
      { id: 'p1', type: 'phonebook', name: 'Front desk', phoneNumber: '+14155550101' },
    ]);
    expect(contacts).toEqual([
      { id: 'a1', type: 'agent', name: 'Agent One', available: true },
      { id: 'q1', type: 'queue', name: 'Sales' },
      { id: 'p1', type: 'phonebook', name: 'Front desk', phoneNumber: '+14155550101' },
    ]);
  });

  it.each([
    ['not a list', { id: 'a1' }],
    ['an entry that is not an object', ['a1']],
    ['an unknown type', [{ id: 'x', type: 'robot', name: 'X' }]],
    ['a numeric id', [{ id: 1, type: 'agent', name: 'X' }]],
    ['a missing name', [{ id: 'x', type: 'agent' }]],
    ['a numeric phone number', [{ id: 'x', type: 'phonebook', name: 'X', phoneNumber: 14155550101 }]],
    ['availability as a string', [{ id: 'x', type: 'agent', name: 'X', available: 'yes' }]],
  ])('refuses a directory answer with %s', (_label, raw) => {
    expect(() => contactList('search', raw)).toThrow(/search: the partner server's answer was malformed/);
  });
});
