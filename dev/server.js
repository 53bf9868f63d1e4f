#!/usr/bin/env node
// `npm start`: a local stand-in for Salesforce. It builds the dev bundles (webpack,
// dev/webpack.dev.config.js) and serves, with plain Node http, the Omni emulator, the
// partner simulator console and the connector's adapter page, all on one loopback
// origin so the console's BroadcastChannel reaches the connector iframe.
//
// Routes are a fixed table, never a path joined onto the disk: nothing outside it is
// served. `/partner-admin/…` is forwarded to the reference partner server's admin API
// (PARTNER_SERVER_URL, default http://127.0.0.1:8090) with its admin token
// (PARTNER_ADMIN_TOKEN, else the file .data/admin-token that `npm run partner-server`
// writes), so the server console page never holds the token. Every response carries a strict CSP (no inline script, no eval), the same
// constraints the connector meets inside Salesforce; it lets pages open WebSockets to
// that partner server only (remote mode).
//
// Two agents in one browser need two origins (each its own storage and channels, so each
// its own partner session): on 127.0.0.1 the server also answers on ::1, so both
// http://127.0.0.1:PORT and http://localhost:PORT reach it, whichever address the
// browser resolves localhost to.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const PAGES = path.join(__dirname, 'pages');
const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

/** The partner server's WebSocket origins (remote mode): its host, and localhost for a loopback one. */
function partnerSocketOrigins(env = process.env) {
  const base = new URL(env.PARTNER_SERVER_URL || 'http://127.0.0.1:8090');
  const hosts = new Set([base.host]);
  if (base.hostname === '127.0.0.1' || base.hostname === 'localhost') for (const h of ['127.0.0.1', 'localhost']) hosts.add(`${h}:${base.port || 80}`);
  return [...hosts].map((host) => `ws://${host}`);
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self' ${partnerSocketOrigins().join(' ')}`,
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The route table: URL path -> file, either a static page (`page`) or a bundle the
 * dev build wrote (`built`).
 */
function routes() {
  const table = {
    '/': { page: 'index.html' },
    '/index.html': { page: 'index.html' },
    '/omni.html': { page: 'omni.html' },
    '/console.html': { page: 'console.html' },
    '/server-console.html': { page: 'server-console.html' },
    '/style.css': { page: 'style.css' },
    '/connector/': { page: 'connector/index.html' },
    '/connector/index.html': { page: 'connector/index.html' },
    '/fixtures/user-presence-statuses.json': { file: path.join(__dirname, 'fixtures', 'user-presence-statuses.json') },
  };
  for (const name of ['omni.js', 'console.js', 'server-console.js']) {
    table[`/assets/${name}`] = { built: name };
    table[`/assets/${name}.map`] = { built: `${name}.map` };
  }
  table['/connector/connector-dev.js'] = { built: 'connector-dev.js' };
  table['/connector/connector-dev.js.map'] = { built: 'connector-dev.js.map' };
  return table;
}

/**
 * Builds the dev bundles once (or keeps rebuilding them, with `watch`).
 *
 * @param {{ outDir: string, watch?: boolean, onRebuild?: (errors: string | null) => void }} options
 * @returns {Promise<{ close: () => Promise<void> }>} resolves after the first build succeeds
 */
function build({ outDir, watch = false, onRebuild }) {
  const webpack = require('webpack');
  const config = require('./webpack.dev.config.js')({ outDir });
  const compiler = webpack(config);
  return new Promise((resolve, reject) => {
    let first = true;
    const done = (err, stats) => {
      const errors = err
        ? String(err.stack || err)
        : stats && stats.hasErrors()
          ? stats.toString({ all: false, errors: true, colors: false })
          : null;
      if (first) {
        first = false;
        if (errors && !watch) {
          compiler.close(() => reject(new Error(`dev build failed:\n${errors}`)));
          return;
        }
        if (errors) {
          reject(new Error(`dev build failed:\n${errors}`));
          return;
        }
        if (!watch) {
          compiler.close(() => resolve({ close: () => Promise.resolve() }));
          return;
        }
        resolve({ close: () => new Promise((r) => watching.close(() => r())) });
        return;
      }
      if (onRebuild) onRebuild(errors);
    };
    const watching = watch ? compiler.watch({ aggregateTimeout: 200 }, done) : null;
    if (!watch) compiler.run(done);
  });
}

const PARTNER_ADMIN_PREFIX = '/partner-admin/';
const MAX_PROXY_BODY = 16 * 1024;

/** Where the partner server's admin API is and its token (env, else the token file it wrote). */
function partnerAdmin(env = process.env) {
  const base = new URL(env.PARTNER_SERVER_URL || 'http://127.0.0.1:8090');
  let token = env.PARTNER_ADMIN_TOKEN || '';
  if (!token) {
    try {
      token = fs.readFileSync(path.resolve(__dirname, '..', '.data', 'admin-token'), 'utf8').trim();
    } catch {
      token = '';
    }
  }
  return { base, token };
}

/** Forwards one request under /partner-admin/ to the partner server's /admin/. */
function proxyPartnerAdmin(req, res, url, headers) {
  const reply = (status, body) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const { base, token } = partnerAdmin();
  if (!token) {
    reply(503, { error: 'no admin token: start npm run partner-server (it writes .data/admin-token) or set PARTNER_ADMIN_TOKEN' });
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_PROXY_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_PROXY_BODY) {
      reply(413, { error: 'body too large' });
      return;
    }
    const body = Buffer.concat(chunks);
    const upstream = http.request(
      {
        host: base.hostname,
        port: base.port || 80,
        method: req.method,
        path: `/admin/${url.pathname.slice(PARTNER_ADMIN_PREFIX.length)}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length },
      },
      (answer) => {
        const parts = [];
        answer.on('data', (c) => parts.push(c));
        answer.on('end', () => {
          res.writeHead(answer.statusCode || 502, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
          res.end(Buffer.concat(parts));
        });
      },
    );
    upstream.on('error', () => reply(502, { error: `the partner server is not reachable at ${base.origin}; start it with npm run partner-server` }));
    upstream.end(body);
  });
}

/**
 * Starts the HTTP server over already-built bundles in `outDir`.
 *
 * @param {{ port?: number, host?: string, outDir: string }} options port 0 picks a free one
 * @returns {Promise<{ server: http.Server, port: number, origin: string, close: () => Promise<void> }>}
 */
function serve({ port = DEFAULT_PORT, host = DEFAULT_HOST, outDir }) {
  const table = routes();
  const server = http.createServer(handler);
  function handler(req, res) {
    const url = new URL(req.url || '/', 'http://localhost');
    const route = table[url.pathname];
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    };
    if (url.pathname.startsWith(PARTNER_ADMIN_PREFIX) && (req.method === 'GET' || req.method === 'POST')) {
      proxyPartnerAdmin(req, res, url, headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      res.end('method not allowed\n');
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (!route) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`not found: ${url.pathname}\n`);
      return;
    }
    const file = route.page ? path.join(PAGES, route.page) : route.built ? path.join(outDir, route.built) : route.file;
    fs.readFile(file, (err, body) => {
      if (err) {
        const missingBuild = Boolean(route.built);
        res.writeHead(missingBuild ? 503 : 500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(missingBuild ? 'the dev build is not ready (see the terminal running npm start)\n' : 'read error\n');
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, async () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      // The second origin: localhost, also where it resolves to ::1 (a machine without IPv6 skips it).
      const twin = host === DEFAULT_HOST ? await listenOrNull(http.createServer(handler), actualPort, '::1') : null;
      resolve({
        server,
        port: actualPort,
        // The address it really listens on (a browser may resolve `localhost` to ::1 first).
        origin: originFor(host, actualPort),
        /** Another origin of the same server (own storage: a second agent), or null. */
        secondOrigin: host === DEFAULT_HOST ? `http://localhost:${actualPort}` : null,
        close: () => Promise.all([server, twin].filter(Boolean).map((s) => new Promise((r) => s.close(() => r())))).then(() => undefined),
      });
    });
  });
}

/** Listens on `host:port`, or resolves null where that address does not exist. */
function listenOrNull(server, port, host) {
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(port, host, () => resolve(server));
  });
}

/** The http origin of a loopback host and port (`[::1]` bracketed). */
function originFor(host, port) {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Reads HOST from the environment: a loopback address to listen on (default 127.0.0.1).
 *
 * @remarks
 * Only loopback: the dev relay hands SETUP_CONNECTOR to the connector only on a
 * loopback origin, and this stand-in for Salesforce is not meant for a network.
 */
function hostFromEnv(env) {
  const host = env.HOST === undefined || env.HOST === '' ? DEFAULT_HOST : env.HOST;
  if (host === 'localhost' || host === '::1' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host)) return host;
  throw new Error(`HOST must be a loopback address (127.0.0.1, ::1 or localhost), got "${host}"`);
}

/** Reads PORT from the environment: a number from 0 (any free port) to 65535. */
function portFromEnv(env) {
  if (env.PORT === undefined || env.PORT === '') return DEFAULT_PORT;
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  }
  return port;
}

async function main() {
  const outDir = process.env.DEV_OUT_DIR ? path.resolve(process.env.DEV_OUT_DIR) : path.resolve(__dirname, '..', '.dev-dist');
  const watch = process.env.DEV_WATCH !== '0';
  const port = portFromEnv(process.env);
  const host = hostFromEnv(process.env);
  process.stdout.write('Building the dev bundles…\n');
  const builder = await build({
    outDir,
    watch,
    onRebuild: (errors) => process.stdout.write(errors ? `Rebuild failed:\n${errors}\n` : 'Rebuilt.\n'),
  });
  const running = await serve({ port, host, outDir });
  process.stdout.write(
    [
      `Omni emulator: ${running.origin}/omni.html`,
      `Partner simulator console: ${running.origin}/console.html`,
      `Partner server console (with npm run partner-server): ${running.origin}/server-console.html`,
      ...(running.secondOrigin
        ? [
            'Remote mode, two agents (with npm run partner-server; each origin keeps its own session):',
            `  agent1: ${running.origin}/omni.html?partner=remote`,
            `  agent2: ${running.secondOrigin}/omni.html?partner=remote`,
          ]
        : []),
      'Open both; press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    Promise.all([running.close(), builder.close()]).then(() => process.exit(0));
    // Open keep-alive connections would hold close() back; do not wait for them forever.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

module.exports = { build, serve, portFromEnv, hostFromEnv, originFor, routes, partnerSocketOrigins, CSP };
