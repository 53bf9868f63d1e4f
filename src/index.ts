/**
 * The connector's module entry: the composition root's exports, for tests and for the
 * other entries (the dev server's, the benchmarks'). Importing it starts nothing; the
 * bundle's entry that starts the page is `./main`.
 */
export { BOOTSTRAP_LOG_EVENT, bootstrap, startWhenLoaded, type BootstrapDeps, type LoadTarget, type Page } from './composition/bootstrap';
