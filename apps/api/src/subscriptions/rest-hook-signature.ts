import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Bro-Signature: sha256=<hex>`: HMAC-SHA256 over the exact body bytes with the subscription's secret. */
export function signRestHookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does to check a notification (and what Bro's tests do). */
export function verifyRestHookSignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signRestHookBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
