// Before any browser test: make sure dist/ is built from the current sources and that
// Debian's Chromium is there (the harness never downloads a browser).
import * as fs from 'node:fs';
import { ensureFreshBuild } from '../build/dist';
import { CHROMIUM_PATH } from './harness';

export default function globalSetup(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  if (process.env.SCV_DIST_DIR === undefined) ensureFreshBuild();
}
