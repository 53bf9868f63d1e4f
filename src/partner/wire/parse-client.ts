/**
 * The server's reader of connector frames: every field checked, nothing trusted.
 */
import { isRecord } from '../../vocabulary/guards';
import { COMMAND_NAMES, MAX_ID_LENGTH, type ClientMessage, type CommandName, type WireError } from './messages';

/** True for a string of 1 to `max` characters. */
export function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

/** A parse failure, with the message id when the message had a usable one. */
export interface ParseFailure {
  readonly error: WireError;
  readonly id?: string;
}

/** Reads one client frame; returns the message or what is wrong with it (never the payload). */
export function parseClientMessage(text: string): ClientMessage | ParseFailure {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: { code: 'BAD_MESSAGE', message: 'message is not JSON' } };
  }
  if (!isRecord(raw)) return { error: { code: 'BAD_MESSAGE', message: 'message is not a JSON object' } };
  const id = isText(raw.id, MAX_ID_LENGTH) ? raw.id : undefined;
  const fail = (message: string): ParseFailure => ({ error: { code: 'BAD_MESSAGE', message }, ...(id !== undefined ? { id } : {}) });
  if (id === undefined) return fail(`id must be a string of 1-${MAX_ID_LENGTH} characters`);
  switch (raw.type) {
    case 'login':
      if (!isText(raw.username, 128) || !isText(raw.password, 1024)) return fail('login needs username (1-128 characters) and password (1-1024)');
      return { type: 'login', id, username: raw.username, password: raw.password };
    case 'hello':
      if (!isText(raw.token, 256)) return fail('hello needs a token');
      if (raw.lastSeq !== undefined && !(Number.isInteger(raw.lastSeq) && (raw.lastSeq as number) >= 0)) return fail('lastSeq must be a whole number >= 0');
      return raw.lastSeq === undefined ? { type: 'hello', id, token: raw.token } : { type: 'hello', id, token: raw.token, lastSeq: raw.lastSeq as number };
    case 'ping':
      return { type: 'ping', id };
    case 'signOut':
      return { type: 'signOut', id };
    case 'command': {
      if (!(COMMAND_NAMES as readonly unknown[]).includes(raw.name)) {
        return { error: { code: 'UNKNOWN_COMMAND', message: `unknown command, expected one of ${COMMAND_NAMES.join(', ')}` }, id };
      }
      const args = raw.args === undefined ? {} : raw.args;
      if (!isRecord(args)) return fail('args must be an object');
      return { type: 'command', id, name: raw.name as CommandName, args };
    }
    default:
      return fail('type must be login, hello, ping, signOut or command');
  }
}
