/**
 * The bundle's entry (`dist/connector.js`): starts the connector page however the script
 * is loaded (classic or module script, before or after `load`).
 *
 * @remarks
 * Kept apart from `./index`, which only exports, so tests and other entries (the dev
 * server's, the benchmarks') can import the bootstrap without starting a page. The page
 * starts as one of the agent's connector instances (CONTRACT §6).
 */
import { startInstancesWhenLoaded } from './composition/instances/start';

startInstancesWhenLoaded(window);
