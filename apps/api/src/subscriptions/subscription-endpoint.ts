import { nonPublicAddressesOf } from './endpoint-http.adapter';

/** Where a rest-hook endpoint may point, and whether Bro trusts it without the address filter. */
export interface EndpointDecision {
  url: URL;
  /** Named in SUBSCRIPTION_HTTP_ALLOWED_HOSTS: plain http allowed, no address filter (development receivers). */
  trusted: boolean;
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** Whether `url`'s host (any port) or host:port is in the allow-list (`host` or `host:port` entries). */
export function isAllowListed(url: URL, allowList: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return allowList.some((entry) => entry === host || entry === `${host}:${defaultPort(url)}`);
}

/**
 * The endpoint as Bro will call it, or the reason it may not: https (plain http only to an
 * allow-listed host), no credentials in the URL (they belong in channel.header, which is kept apart).
 */
export function decideEndpoint(endpoint: unknown, allowList: readonly string[]): EndpointDecision | string {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    return 'channel.endpoint is an https URL';
  }
  if (typeof endpoint !== 'string' || /\s/.test(endpoint)) return 'channel.endpoint is an https URL';
  const trusted = isAllowListed(url, allowList);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && trusted)) return `channel.endpoint must use https (not ${url.protocol.replace(/:$/, '')})`;
  if (url.username || url.password) return 'channel.endpoint may not carry credentials: send them in channel.header, which Bro keeps apart';
  return { url, trusted };
}

/**
 * Why the endpoint's host may not be called: it is, or DNS says it is, a loopback, private,
 * link-local, unspecified or other non-public address. Undefined when it may (or is trusted).
 */
export async function endpointAddressProblem(decision: EndpointDecision): Promise<string | undefined> {
  if (decision.trusted) return undefined;
  const blocked = await nonPublicAddressesOf(decision.url.hostname);
  if (blocked.length === 0) return undefined;
  return `channel.endpoint ${decision.url.host} is (or resolves to) ${blocked.join(', ')}, which is not a public address: Bro calls only public hosts`;
}
