/**
 * The bundle's entry (`dist/connector.js`): starts the connector page however the script
 * is loaded (classic or module script, before or after `load`).
 *
 * @remarks
 * Kept apart from `./index`, which only exports, so tests and other entries (the dev
 * server's, the benchmarks') can import the bootstrap without starting a page.
 */
import { startWhenLoaded } from './index';

startWhenLoaded(window);
