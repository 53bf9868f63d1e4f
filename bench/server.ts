/**
 * The bench's HTTPS server: the host page on the Salesforce origin, the adapter pages
 * on the connector origin, every response cross-origin isolated.
 *
 * @remarks
 * Same hosts and self-signed certificate as the browser tests (test/browser/harness.ts),
 * but its own routes and headers: `Cross-Origin-Opener-Policy: same-origin`,
 * `Cross-Origin-Embedder-Policy: require-corp` and `Cross-Origin-Resource-Policy:
 * cross-origin` on every response (iframes included), so `performance.now()` in the
 * pages is precise to microseconds instead of 100 µs.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONNECTOR_HOST, SALESFORCE_HOST, makeCertificate } from '../test/browser/harness';

/** The running server. */
export interface BenchServer {
  /** The host page, pointing at the connector origin. */
  hostUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Headers on every response. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cache-Control': 'no-store',
};

/** The file answering `urlPath` on `host`, or undefined (404). */
function route(root: string, host: string, urlPath: string): string | undefined {
  const pages = path.join(root, 'bench', 'pages');
  const built = path.join(root, 'bench', '.build', 'pages');
  if (host === SALESFORCE_HOST) {
    if (urlPath === '/host.html') return path.join(pages, 'host.html');
    if (urlPath === '/host.js') return path.join(built, 'host.js');
    return undefined;
  }
  if (host !== CONNECTOR_HOST) return undefined;
  // The production adapter page and bundle, as shipped.
  if (urlPath === '/index.html' || urlPath === '/connector.js') return path.join(root, 'dist', urlPath.slice(1));
  const bench = /^\/bench\/([\w-]+)\.(html|js)$/.exec(urlPath);
  if (!bench) return undefined;
  return bench[2] === 'html' ? path.join(pages, `${bench[1]}.html`) : path.join(built, `${bench[1]}.js`);
}

/** Starts the server on a free port of 127.0.0.1 (the harness's Chromium maps both hosts there). */
export async function startBenchServer(root: string): Promise<BenchServer> {
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-bench-cert-'));
  const { key, cert } = makeCertificate(certDir);
  const server = https.createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const urlPath = new URL(req.url ?? '/', 'https://x').pathname;
    const file = route(root, host, urlPath);
    const found = file !== undefined && fs.existsSync(file);
    const headers: Record<string, string> = { ...ISOLATION_HEADERS };
    if (found) headers['Content-Type'] = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(found ? 200 : urlPath === '/favicon.ico' ? 204 : 404, headers);
    res.end(found ? fs.readFileSync(file) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const connectorOrigin = `https://${CONNECTOR_HOST}:${port}`;
  return {
    hostUrl: `https://${SALESFORCE_HOST}:${port}/host.html?connector=${encodeURIComponent(connectorOrigin)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(certDir, { recursive: true, force: true });
      }),
  };
}
