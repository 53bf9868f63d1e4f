/**
 * Small DOM helpers shared by the dev pages (no framework).
 *
 * @remarks
 * Everything is built with `textContent` and elements, never `innerHTML`, so message
 * payloads shown in the logs cannot inject markup.
 */

/** Returns the element with `id`, checked to be of the expected class; throws if the page lacks it. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`dev page: #${id} is missing or not a ${type.name}`);
  return found;
}

/** Creates an element with optional class, text and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; title?: string } = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const child of children) node.appendChild(child);
  return node;
}

/** Local wall-clock time with milliseconds, for log rows. */
export function clockTime(at: number = Date.now()): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const REDACTED_KEYS: ReadonlySet<string> = new Set(['phoneNumber', 'number', 'name']);

/** JSON for a log cell: phone numbers and names masked, long payloads cut. */
export function summarize(value: unknown, limit = 360): string {
  const text = JSON.stringify(value, (key, v: unknown) => (REDACTED_KEYS.has(key) && typeof v === 'string' ? '•••' : v)) ?? '';
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Narrows to a plain object record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message field as display text: strings as they are, other values as JSON, absent as `fallback`. */
export function text(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? fallback);
}
