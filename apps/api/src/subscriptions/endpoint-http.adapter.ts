import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/**
 * The one place Bro calls a Subscription's endpoint, wrapping request-filtering-agent (and ipaddr.js,
 * which it uses to classify addresses): unless a host is trusted by configuration, a connection goes only
 * to a public unicast address, checked on the address DNS gave at connection time (so a name that later
 * resolves to 127.0.0.1 or 169.254.169.254 is refused when it does). Node's http client follows no
 * redirects, so a 3xx is just an answer.
 */
const FILTERED = { 'http:': new RequestFilteringHttpAgent({ keepAlive: true }), 'https:': new RequestFilteringHttpsAgent({ keepAlive: true }) };
const TRUSTED = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

const LOOKUP_TIMEOUT_MILLISECONDS = 3_000;

/** Public unicast only: not loopback, private, link-local, unspecified, multicast, reserved, mapped or the like. */
export function isPublicAddress(address: string): boolean {
  try {
    return ipaddr.parse(address).range() === 'unicast';
  } catch {
    return false;
  }
}

/**
 * The addresses of `hostname` that are not public: the literal itself, or what DNS answers for a name.
 * A name DNS does not answer for gives none (the connection-time check still applies).
 */
export async function nonPublicAddressesOf(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return isPublicAddress(host) ? [] : [host];
  const answers = await Promise.race([
    lookup(host, { all: true, verbatim: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MILLISECONDS).unref()),
  ]);
  return answers.map((answer) => answer.address).filter((address) => !isPublicAddress(address));
}

export interface EndpointPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** A host the configuration trusts (development receivers): no address filter. */
  trusted: boolean;
}

/** POSTs `body` once and answers the status code; the response body is read and thrown away. */
export function postToEndpoint(url: URL, post: EndpointPost): Promise<number> {
  const protocol = url.protocol as 'http:' | 'https:';
  const agent = (post.trusted ? TRUSTED : FILTERED)[protocol];
  if (!agent) return Promise.reject(new Error(`Bro does not call ${url.protocol} endpoints`));
  const transport = protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
        signal: AbortSignal.timeout(post.timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('error', () => undefined);
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(post.body);
  });
}
