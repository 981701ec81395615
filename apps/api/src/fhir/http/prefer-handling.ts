import type { Request } from 'express';

/**
 * `Prefer: handling=lenient` asks a search to leave out parameters Bro does not support (and say so)
 * instead of refusing them; `handling=strict`, or no preference, refuses them.
 */
export function prefersLenientHandling(request: Request): boolean {
  return /(?:^|[;,\s])handling\s*=\s*"?lenient"?(?:$|[;,\s])/.test(String(request.headers.prefer ?? ''));
}
