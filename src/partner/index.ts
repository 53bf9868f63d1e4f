/**
 * The partner side: the telephony interface a vendor implements, its state sets, and the
 * simulator that implements it here.
 */
export * from './call-state';
export * from './partner-status';
export * from './partner-telephony';
export * from './simulator';
