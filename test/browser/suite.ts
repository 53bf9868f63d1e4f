/**
 * The jest lifecycle every browser test file shares (kept apart from `./harness`, which
 * the benchmarks import without jest).
 */
import { BrowserSession, startServer, type SessionOptions, type TestServer } from './harness';

/** One test server per file and one browser session per test, checked for page errors. */
export interface BrowserSuite {
  /** The file's server (available from `beforeAll` on). */
  readonly server: TestServer;
  /** Opens this test's session; it is closed, and its unexpected errors fail the test, after the test. */
  open(options?: SessionOptions): Promise<BrowserSession>;
}

/**
 * Registers the suite lifecycle every browser test file needs: a server for the file,
 * a fresh Chromium per test, and after each test a check that the pages logged no
 * unexpected error. The strict-CSP switch is reset after every test.
 */
export function browserSuite(): BrowserSuite {
  let server: TestServer | undefined;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    const s = session;
    session = undefined;
    if (server) server.strictCsp = false;
    if (!s) return;
    const unexpected = s.unexpectedErrors();
    await s.close();
    expect(unexpected).toEqual([]);
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('browserSuite: the server starts in beforeAll');
      return server;
    },
    async open(options: SessionOptions = {}): Promise<BrowserSession> {
      session = await BrowserSession.open(this.server, options);
      return session;
    },
  };
}
