/**
 * Starts the page as one of several instances where the browser can coordinate them.
 *
 * @remarks
 * With `BroadcastChannel` (every browser the connector supports, even a cross-site frame
 * with blocked storage) the page joins the instances of its partition
 * ({@link bootstrapInstances}); without it, it runs alone ({@link bootstrap}).
 */
import { bootstrap, type BootstrapDeps, type LoadTarget } from '../bootstrap';
import { bootstrapInstances } from './instance-page';

/**
 * Runs the right bootstrap on `load`, or at once if the page has already loaded; `deps`
 * (e.g. the `remote` partner factory) go to either.
 */
export function startInstancesWhenLoaded(target: LoadTarget, deps: BootstrapDeps = {}): void {
  const start = (): void => {
    if (typeof BroadcastChannel === 'function') bootstrapInstances(deps);
    else bootstrap(deps);
  };
  if (target.document.readyState === 'complete') start();
  else target.addEventListener('load', start);
}
