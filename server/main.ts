/**
 * `npm run partner-server -- [--port N] [--db FILE] [--agents FILE] [--admin-token T] [--origin URL]… [--ring-timeout-ms N]`
 *
 * Starts the reference partner telephony server and prints its URLs. Stops on SIGINT or
 * SIGTERM (a `kill -9` loses nothing committed either: see `db/schema.ts`).
 */
import { createLogger } from './log';
import { parseOptions, type ServerOptions } from './options';
import { startPartnerServer } from './partner-server';

async function main(): Promise<void> {
  let options: ServerOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`partner-server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  const server = await startPartnerServer({ ...options, log: createLogger() });
  const lines = [
    `partner server ready (database ${options.db})`,
    `  connectors (/partner/url): ${server.wsUrl}`,
    `  admin API:                 ${server.httpUrl}/admin/  (Authorization: Bearer <admin token>)`,
    server.adminTokenFile ? `  admin token:               written to ${server.adminTokenFile}` : '  admin token:               the one given with --admin-token',
    `  agents:                    ${server.switchboard.agentIds().join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`partner-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
