import { DomainError } from '../common/errors/domain-error';

/** What a read shows in place of a channel.header value: Bro keeps the values apart, like the signing secret. */
export const MASKED_HEADER_VALUE = '***';

/**
 * Headers Bro sets itself, or that decide how the request travels: a Subscription may not send them.
 * `X-Bro-*` as a whole is Bro's (event id, signature, and whatever comes later).
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);
const RESERVED_PREFIX = 'x-bro-';

/** An HTTP field name (RFC 9110 token), a colon and a value (checked for control characters below). */
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.+?)[ \t]*$/s;

/** Control characters other than tab would end or split the header line. */
function hasControlCharacter(value: string): boolean {
  return [...value].some((character) => character !== '\t' && (character < ' ' || character === '\u007f'));
}

export interface ChannelHeader {
  name: string;
  value: string;
}

function parseHeader(header: unknown): ChannelHeader {
  const match = typeof header === 'string' ? HEADER.exec(header) : null;
  if (!match || hasControlCharacter(match[2])) throw DomainError.unprocessable('channel.header entries are "Name: value"', 'Subscription.channel.header');
  return { name: match[1], value: match[2] };
}

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.has(lower) || lower.startsWith(RESERVED_PREFIX);
}

/**
 * The headers a rest-hook Subscription asks for, with their values: a value given as
 * {@link MASKED_HEADER_VALUE} (what a read returned) keeps the one stored for that name. 422 for a
 * malformed entry, a header Bro sets itself, a name given twice or a masked value with nothing stored.
 */
export function resolveChannelHeaders(given: unknown, stored: string[]): string[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) throw DomainError.unprocessable('channel.header is a list of "Name: value" strings', 'Subscription.channel.header');
  const storedByName = new Map(stored.map(parseHeader).map((header) => [header.name.toLowerCase(), header.value]));
  const seen = new Set<string>();
  return given.map((entry) => {
    const header = parseHeader(entry);
    const key = header.name.toLowerCase();
    if (isReservedHeader(header.name)) {
      throw DomainError.unprocessable(`channel.header may not set ${header.name}: Bro sets it (or it decides how the request travels)`, 'Subscription.channel.header');
    }
    if (seen.has(key)) throw DomainError.unprocessable(`channel.header names ${header.name} more than once`, 'Subscription.channel.header');
    seen.add(key);
    if (header.value !== MASKED_HEADER_VALUE) return `${header.name}: ${header.value}`;
    const kept = storedByName.get(key);
    if (kept === undefined) throw DomainError.unprocessable(`channel.header ${header.name} has no stored value to keep: give its value`, 'Subscription.channel.header');
    return `${header.name}: ${kept}`;
  });
}

/** The headers as a read shows them: names only, values masked. */
export function maskedChannelHeaders(headers: string[]): string[] {
  return headers.map((header) => `${parseHeader(header).name}: ${MASKED_HEADER_VALUE}`);
}

/** The headers to send, by lower-case name; Bro's own are set after these, so none is overridden. */
export function channelHeaderFields(headers: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const header of headers.map(parseHeader)) {
    // Stored before names were checked: never let one through.
    if (!isReservedHeader(header.name)) fields[header.name.toLowerCase()] = header.value;
  }
  return fields;
}
