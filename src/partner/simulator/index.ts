/**
 * The simulated partner telephony system and its `BroadcastChannel` remote control.
 */
export {
  DEFAULT_CALLER_NUMBER,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_STORAGE_KEY,
  MAX_SCHEDULE_MS,
  SIMULATOR_LOG_EVENT,
  SimulatedPartner,
  type ScheduledStatusChange,
  type SimulatedPartnerOptions,
  type SimulatorLog,
} from './simulated-partner';
export {
  attachControlChannel,
  CONTROL_CHANNEL_NAME,
  CONTROL_LOG_EVENT,
  type BroadcastChannelLike,
  type ChannelMessageEvent,
  type ControlChannel,
  type ControlChannelOptions,
  type StateMessage,
} from './control-channel';
export { DEFAULT_CONTACTS, filterContacts } from './default-contacts';
