import { ConnectorError, connectorError, isConnectorError, SALESFORCE_TYPE_BY_PARTNER_CODE, toConnectorError } from '../../src/connector/errors';
import { PARTNER_ERROR_CODES } from '../../src/vocabulary/partner-errors';
import { scrubNumbers } from '../../src/salesforce/privacy';
import { PartnerError } from '../../src/partner/partner-telephony';

describe('error mapping', () => {
  it.each([
    ['NO_SUCH_CALL', 'INVALID_PARTICIPANT'],
    ['INVALID_DESTINATION', 'INVALID_DESTINATION'],
    ['INVALID_STATUS', 'INVALID_AGENT_STATUS'],
    ['LOGIN_REQUIRED', 'LOGIN_REQUIRED'],
    ['INVALID_STATE', 'INVALID_STATE'],
    ['SCHEDULE_FULL', 'SCHEDULE_FULL'],
    ['NO_SUCH_AGENT', 'NO_SUCH_AGENT'],
    ['TIMEOUT', 'TIMEOUT'],
    ['UNAVAILABLE', 'UNAVAILABLE'],
  ] as const)('a partner %s refusal becomes type %s with its message', (code, type) => {
    const error = toConnectorError(new PartnerError('state idle, expected connected', code));
    expect(error).toBeInstanceOf(ConnectorError);
    expect({ ...error }).toEqual({ type, message: 'state idle, expected connected' });
  });

  it('every partner error code has a row in the one table', () => {
    expect(Object.keys(SALESFORCE_TYPE_BY_PARTNER_CODE).sort()).toEqual([...PARTNER_ERROR_CODES].sort());
  });

  it('a PartnerError from another copy of the module maps the same way', () => {
    const foreign = Object.assign(new Error('gone'), { name: 'PartnerError', code: 'NO_SUCH_CALL' });
    expect({ ...toConnectorError(foreign) }).toEqual({ type: 'INVALID_PARTICIPANT', message: 'gone' });
  });

  it('a network error with its own string code is not a partner refusal: GENERIC_ERROR', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect({ ...toConnectorError(reset) }).toEqual({ type: 'GENERIC_ERROR', message: 'socket hang up' });
    expect({ ...toConnectorError({ code: 'NO_SUCH_CALL', message: 'gone' }) }).toEqual({ type: 'GENERIC_ERROR', message: 'gone' });
  });

  it('anything else is a GENERIC_ERROR; a connector error passes through', () => {
    expect({ ...toConnectorError(new TypeError('bug')) }).toEqual({ type: 'GENERIC_ERROR', message: 'bug' });
    expect({ ...toConnectorError('text') }).toEqual({ type: 'GENERIC_ERROR', message: 'text' });
    const own = connectorError('INVALID_PARAMS', 'bad');
    expect({ ...toConnectorError(own) }).toEqual({ type: 'INVALID_PARAMS', message: 'bad' });
  });

  it('the message is enumerable, so the base library log keeps it (a plain Error would arrive as {})', () => {
    const copy: Record<string, unknown> = {};
    const error = connectorError('GENERIC_ERROR', 'why');
    for (const key in error) copy[key] = (error as unknown as Record<string, unknown>)[key];
    expect(copy).toEqual({ type: 'GENERIC_ERROR', message: 'why' });
  });

  it('recognises a connector error from another copy of the module by its shape', () => {
    const foreign = Object.assign(new Error('x'), { type: 'T' });
    Object.defineProperty(foreign, 'message', { value: 'x', enumerable: true });
    expect(isConnectorError(foreign)).toBe(true);
    expect(isConnectorError(new Error('x'))).toBe(false);
    expect(isConnectorError({ type: 'T', message: 'x' })).toBe(false);
  });

  it('phone numbers (7+ digits) are scrubbed from messages, short ids and counts are not', () => {
    expect(scrubNumbers('call +1 (415) 555-0142 failed')).toBe('call [number] failed');
    expect(scrubNumbers('call call-12 has 3 legs; 123456 is short')).toBe('call call-12 has 3 legs; 123456 is short');
    expect(connectorError('T', 'to 4155550142').message).toBe('to [number]');
  });
});
