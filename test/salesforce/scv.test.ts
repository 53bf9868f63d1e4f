import { GenericResult, isSalesforceConnected, publishLog } from '../../src/salesforce/scv';

describe('scv wrapper', () => {
  it('exposes the base library classes and logs locally before Salesforce connects', () => {
    expect(new GenericResult({ success: true }).success).toBe(true);
    expect(isSalesforceConnected()).toBe(false);
    expect(() => publishLog('TEST', { a: 1 })).not.toThrow();
    expect(typeof MessageChannel).toBe('function');
    expect(typeof BroadcastChannel).toBe('function');
  });
});
