import { redact, redactLogLine, REDACTED, scrubNumbers } from '../../src/salesforce/privacy';

describe('privacy: what may not leave the connector', () => {
  it('masks phone and card numbers but keeps Salesforce ids, call ids and counts readable', () => {
    expect(scrubNumbers('call +1 (415) 555-0142 failed')).toBe('call [number] failed');
    expect(scrubNumbers('digits 4111111111111111#')).toBe('digits [number]#');
    expect(scrubNumbers('status 0N5xx0000004D56 and call-12, 123456 is short')).toBe('status 0N5xx0000004D56 and call-12, 123456 is short');
  });

  it('redacts values under sensitive keys at any depth, whatever their type', () => {
    const payload = {
      digits: '12',
      filter: { contains: 'Ada', limit: 5 },
      contact: { phoneNumber: '+14155550142', name: 'Ada Lovelace' },
      contacts: [{ id: 'c1', name: 'Grace Hopper', displayName: 'Grace' }],
      statusId: '0N5xx0000004D56',
      note: 'call back +442071838750',
      nothing: null,
    };
    expect(redact(payload)).toEqual({
      digits: REDACTED,
      filter: { contains: REDACTED, limit: 5 },
      contact: REDACTED,
      contacts: [{ id: 'c1', name: REDACTED, displayName: REDACTED }],
      statusId: '0N5xx0000004D56',
      note: 'call back [number]',
      nothing: null,
    });
  });

  it('redacts a log-store line: JSON messages by key, plain text by number', () => {
    const line = '2026-12-01T00:00:00.000Z|INFO|SYSTEM|{"eventType":"SEND_DIGITS","payload":{"type":"SEND_DIGITS","digits":"4111111111111111#"}}\n';
    expect(redactLogLine(line)).toBe('2026-12-01T00:00:00.000Z|INFO|SYSTEM|{"eventType":"SEND_DIGITS","payload":{"type":"SEND_DIGITS","digits":"[redacted]"}}\n');
    expect(redactLogLine('2026-12-01T00:00:00.000Z|INFO|PARTNER|dialled 4155550142 | ok\n')).toBe('2026-12-01T00:00:00.000Z|INFO|PARTNER|dialled [number] | ok\n');
    expect(redactLogLine('garbage 4155550142')).toBe('garbage [number]');
  });
});
