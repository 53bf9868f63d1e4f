/**
 * A partner's status catalogue as the connector reads it: which codes exist, which one is
 * routable, offline, or a fallback (CONTRACT §5 rule 6), checked once when it arrives.
 */
import { isRecord } from './guards';
import { REFERENCE_CATALOGUE, type PartnerStatus, type PartnerStatusInfo } from './partner-status';

/** Most catalogue entries read; the rest are refused with one problem. */
export const MAX_CATALOGUE_ENTRIES = 1_000;

/** Longest status code accepted. */
export const MAX_CODE_LENGTH = 64;

/**
 * The partner's codes and their facts.
 *
 * @remarks
 * Codes are matched case-insensitively ({@link StatusCatalogue.find}); every answer uses
 * the code as the partner wrote it. The fallbacks of rule 6: a routable status falls back
 * to the first routable code; a non-routable one to `NOT_READY` when the partner has it,
 * else to its first code that is neither routable nor offline; offline to its first
 * offline code.
 *
 * @example
 * ```ts
 * const { catalogue, problems } = StatusCatalogue.read(partner.getStatusCatalogue());
 * catalogue.isRoutable('AVAILABLE'); // true
 * ```
 */
export class StatusCatalogue {
  private readonly byKey = new Map<string, PartnerStatusInfo>();

  private constructor(readonly entries: readonly PartnerStatusInfo[]) {
    for (const entry of entries) this.byKey.set(entry.code.toUpperCase(), entry);
  }

  /** The reference partner's catalogue (CONTRACT §4). */
  static readonly REFERENCE = new StatusCatalogue(REFERENCE_CATALOGUE);

  /**
   * Reads a catalogue a partner supplied. Never throws: a malformed entry (not an object,
   * a code that is empty, longer than {@link MAX_CODE_LENGTH} or has `;`, `=`, `<`, `>`,
   * a duplicate code ignoring case, non-boolean flags) is skipped with a problem; one
   * with no usable entry at all gives the reference catalogue, with a problem.
   */
  static read(raw: unknown): { catalogue: StatusCatalogue; problems: string[] } {
    const problems: string[] = [];
    const kept: PartnerStatusInfo[] = [];
    const seen = new Set<string>();
    const list: unknown[] = Array.isArray(raw) ? raw.slice(0, MAX_CATALOGUE_ENTRIES) : [];
    if (Array.isArray(raw) && raw.length > MAX_CATALOGUE_ENTRIES) problems.push(`${raw.length - MAX_CATALOGUE_ENTRIES} catalogue entries refused: at most ${MAX_CATALOGUE_ENTRIES} are read`);
    list.forEach((item, index) => {
      const entry = readEntry(item);
      if (typeof entry === 'string') problems.push(`catalogue entry ${index} skipped: ${entry}`);
      else if (seen.has(entry.code.toUpperCase())) problems.push(`catalogue entry ${index} skipped: duplicate code ${entry.code}`);
      else {
        seen.add(entry.code.toUpperCase());
        kept.push(entry);
      }
    });
    if (kept.length === 0) {
      problems.push('the partner supplied no usable status catalogue: using the reference codes');
      return { catalogue: StatusCatalogue.REFERENCE, problems };
    }
    const catalogue = new StatusCatalogue(kept);
    if (catalogue.routableFallback === undefined) problems.push('the partner catalogue has no routable status: statuses with channels map to a non-routable one');
    if (catalogue.offlineCode === undefined) problems.push('the partner catalogue has no offline status: Offline maps to a non-routable one');
    return { catalogue, problems };
  }

  /** The partner's code for `text`, compared ignoring case; `undefined` when it has none. */
  find(text: string): PartnerStatus | undefined {
    return this.byKey.get(text.toUpperCase())?.code;
  }

  /** True for a code of this catalogue (exactly as the partner writes it). */
  has(code: unknown): code is PartnerStatus {
    return typeof code === 'string' && this.byKey.get(code.toUpperCase())?.code === code;
  }

  /** True for a routable code. */
  isRoutable(code: PartnerStatus): boolean {
    return this.byKey.get(code.toUpperCase())?.routable === true;
  }

  /** True for an offline code. */
  isOffline(code: PartnerStatus): boolean {
    return this.byKey.get(code.toUpperCase())?.offline === true;
  }

  /** Every code, in catalogue order. */
  codes(): PartnerStatus[] {
    return this.entries.map((e) => e.code);
  }

  /** The codes for a message (`AVAILABLE, BREAK, …`), at most 12 of them. */
  describe(): string {
    const codes = this.codes();
    return codes.length > 12 ? `${codes.slice(0, 12).join(', ')}, …` : codes.join(', ');
  }

  /** The first routable code, if any. */
  get routableFallback(): PartnerStatus | undefined {
    return this.entries.find((e) => e.routable)?.code;
  }

  /** The first offline code, if any. */
  get offlineCode(): PartnerStatus | undefined {
    return this.entries.find((e) => e.offline)?.code;
  }

  /** `NOT_READY` when the partner has it (not routable, not offline), else its first such code. */
  get notReadyFallback(): PartnerStatus | undefined {
    const idle = this.entries.filter((e) => !e.routable && !e.offline);
    return (idle.find((e) => e.code.toUpperCase() === 'NOT_READY') ?? idle[0])?.code;
  }

  /**
   * The code a status with (`true`) or without channels falls back to, or the offline
   * one; always a code of the catalogue (a lacking kind falls back to the next best).
   */
  fallback(kind: 'routable' | 'notReady' | 'offline'): PartnerStatus {
    const notReady = this.notReadyFallback ?? this.offlineCode;
    const pick = kind === 'routable' ? this.routableFallback ?? notReady : kind === 'offline' ? this.offlineCode ?? notReady : notReady ?? this.offlineCode;
    return pick ?? (this.entries[0] as PartnerStatusInfo).code;
  }
}

/** One catalogue entry, or why it is unusable. */
function readEntry(item: unknown): PartnerStatusInfo | string {
  if (!isRecord(item)) return 'expected {code, label, routable, offline}';
  const { code, label, routable, offline } = item;
  if (typeof code !== 'string' || code.trim() === '' || code !== code.trim() || code.length > MAX_CODE_LENGTH || /[;=<>\r\n]/.test(code)) {
    return `code must be 1-${MAX_CODE_LENGTH} characters without spaces around or ;, =, <, >`;
  }
  if (typeof routable !== 'boolean' || typeof offline !== 'boolean') return `code ${code}: routable and offline must be booleans`;
  if (routable && offline) return `code ${code}: cannot be both routable and offline`;
  return Object.freeze({ code, label: typeof label === 'string' && label !== '' ? label : code, routable, offline });
}
