/**
 * The Omni emulator's partner settings (`dev/pages/omni-partner.ts`): a bookmark such as
 * `omni.html?partner=remote` opens an agent's emulator in remote mode, and the config it
 * sends with SETUP_CONNECTOR carries `/partner/mode` and `/partner/url`.
 */
type OmniPartner = typeof import('../../dev/pages/omni-partner');

function load(search: string): { module: OmniPartner; mode: HTMLSelectElement; url: HTMLInputElement } {
  window.history.replaceState({}, '', `/omni.html${search}`);
  document.body.replaceChildren();
  const mode = document.createElement('select');
  mode.id = 'partner-mode';
  for (const value of ['embedded', 'remote']) mode.append(new Option(value, value));
  const url = document.createElement('input');
  url.id = 'partner-url';
  document.body.append(mode, url);
  let module: OmniPartner | undefined;
  jest.isolateModules(() => {
    module = jest.requireActual<OmniPartner>('../../dev/pages/omni-partner');
  });
  return { module: module!, mode, url };
}

describe('the Omni emulator’s /partner/mode and /partner/url', () => {
  it('by default: embedded, and no URL is sent', () => {
    const { module, url } = load('');
    expect(module.partnerConfig()).toEqual({ '/partner/mode': 'embedded' });
    expect(url.disabled).toBe(true);
  });

  it('?partner=remote: remote with the partner server’s default URL', () => {
    const { module } = load('?partner=remote');
    expect(module.partnerConfig()).toEqual({ '/partner/mode': 'remote', '/partner/url': module.DEFAULT_PARTNER_URL });
    expect(module.DEFAULT_PARTNER_URL).toBe('ws://127.0.0.1:8090/ws');
  });

  it('?url= and edits in the page are what is sent; switching back to embedded drops the URL', () => {
    const { module, mode, url } = load('?partner=remote&url=ws://localhost:9100/ws');
    expect(module.partnerConfig()['/partner/url']).toBe('ws://localhost:9100/ws');
    url.value = ' ws://127.0.0.1:9200/ws ';
    expect(module.partnerConfig()['/partner/url']).toBe('ws://127.0.0.1:9200/ws');
    mode.value = 'embedded';
    mode.dispatchEvent(new Event('change'));
    expect(module.partnerConfig()).toEqual({ '/partner/mode': 'embedded' });
    expect(url.disabled).toBe(true);
  });
});
