import { ConnectorError, connectorError, isConnectorError, scrubNumbers, toConnectorError } from '../../src/connector/errors';
import { PartnerError } from '../../src/partner/partner-telephony';

describe('error mapping', () => {
  it.each([
    ['NO_SUCH_CALL', 'INVALID_PARTICIPANT'],
    ['INVALID_DESTINATION', 'INVALID_DESTINATION'],
    ['INVALID_STATE', 'INVALID_STATE'],
  ])('a partner %s refusal becomes type %s with its message', (code, type) => {
    const error = toConnectorError(new PartnerError('state idle, expected connected', code));
    expect(error).toBeInstanceOf(ConnectorError);
    expect({ ...error }).toEqual({ type, message: 'state idle, expected connected' });
  });

  it('an object with a string code from another implementation maps the same way', () => {
    expect({ ...toConnectorError({ code: 'NO_SUCH_CALL', message: 'gone' }) }).toEqual({ type: 'INVALID_PARTICIPANT', message: 'gone' });
    expect({ ...toConnectorError({ code: 'X' }) }).toEqual({ type: 'X', message: '[object Object]' });
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
