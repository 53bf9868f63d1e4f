/**
 * Every configuration example in README.md is a tested fixture: each fenced block after
 * a `<!-- readme-example: NAME -->` marker is checked here, against the file it names or
 * against what the connector really does with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTNER_STATUSES } from '../../src/vocabulary/partner-status';
import { MappingTable } from '../../src/status-sync/mapping-table';
import { parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseOnCallPolicy, parseStatusMap } from '../../src/status-sync/status-map';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { SHIPPED_STATUS_MAP } from '../support/status-fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's marked examples: name → the fenced block's text. */
const EXAMPLES: ReadonlyMap<string, string> = new Map(
  [...README.matchAll(/<!-- readme-example: (.+?) -->\s*```\w*\n([\s\S]*?)\n\s*```/g)].map((m) => [m[1]!, m[2]!.replace(/^ {5}/gm, '')]),
);

function example(name: string): string {
  const text = EXAMPLES.get(name);
  if (text === undefined) throw new Error(`README.md has no block marked <!-- readme-example: ${name} -->`);
  return text;
}

describe('README examples', () => {
  it('every marked example is one this file checks', () => {
    expect([...EXAMPLES.keys()].sort()).toEqual(['shipped statusMap', 'statusMap error', 'test/fixtures/readme/call-center-config.json']);
  });

  describe('the configuration example (test/fixtures/readme/call-center-config.json)', () => {
    const file = 'test/fixtures/readme/call-center-config.json';
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, string>;
    const presence = parsePresenceStatuses(config['userPresenceStatuses']);
    const map = parseStatusMap(config['/statusSync/statusMap']);
    const { table, issues } = MappingTable.build(presence.statuses, map.entries);
    const id = (name: string): string => presence.statuses.find((s) => s.statusName === name)!.statusId;

    it('is the fixture, character for character', () => {
      expect(example(file)).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8').trim());
    });

    it('holds the statuses the Omni emulator sends (dev/fixtures/user-presence-statuses.json)', () => {
      const dev = JSON.parse(fs.readFileSync(path.join(ROOT, 'dev', 'fixtures', 'user-presence-statuses.json'), 'utf8')) as unknown;
      expect(JSON.parse(config['userPresenceStatuses']!)).toEqual(dev);
    });

    it('parses without a single issue', () => {
      expect([...presence.issues, ...map.issues, ...issues, ...parseOnCallPolicy(config['/statusSync/onCallPolicy']).issues]).toEqual([]);
      expect(map.entries).toHaveLength(6);
    });

    it('does what the README says of it', () => {
      expect(table.toPartner(id('Away'))).toEqual({ status: 'BREAK', via: 'map' });
      expect(table.toSalesforce('BREAK')).toBe(id('Away'));
      expect(table.toSalesforce('LUNCH')).toBe(id('Away'));
      expect(id('Busy')).toBe('0N5xx0000004D3U');
      expect(table.toPartner('0N5xx0000004D3U')).toEqual({ status: 'MEETING', via: 'map' });
      expect(table.toSalesforce('MEETING')).toBe('0N5xx0000004D3U');
      expect(table.toSalesforce('TRAINING')).toBe(id('Busy'));
      expect(table.toSalesforce('NOT_READY')).toBe(id('Busy'));
      expect(PARTNER_STATUSES.filter((code) => table.toSalesforce(code) === undefined)).toEqual([]);
    });
  });

  it('the shipped statusMap is the one dist/callcenter.xml carries (static/callcenter.xml)', () => {
    expect(example('shipped statusMap')).toBe(SHIPPED_STATUS_MAP);
    const template = fs.readFileSync(path.join(ROOT, 'static', 'callcenter.xml'), 'utf8');
    const item = /<item [^>]*name="statusMap"[^>]*>([^<]*)<\/item>/.exec(template)?.[1]?.replace(/&lt;/g, '<');
    expect(item).toBe(SHIPPED_STATUS_MAP);
  });

  it('the statusMap error example shows the log lines the connector really writes', async () => {
    const lines = example('statusMap error').split('\n');
    const statusMap = /^statusMap: (.*)$/.exec(lines[0]!)![1]!;
    const readme = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/readme/call-center-config.json'), 'utf8')) as Record<string, string>;
    const sf = await SalesforceDouble.start({
      connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, userPresenceStatuses: readme['userPresenceStatuses'], '/statusSync/statusMap': statusMap },
    });
    try {
      const logged = sf
        .logs()
        .filter((l) => l.eventType.startsWith('STATUS_SYNC_CONFIG_'))
        .map((l) => `log:       ${l.eventType} ${JSON.stringify(l.payload)}`);
      expect(logged).toEqual(lines.slice(1));
    } finally {
      sf.close();
    }
  });
});
