import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';

/**
 * The text of an uploaded CSV file: a `text/csv` (or `text/plain`) body, read here up to `maxBytes`, or
 * JSON `{ "csv": "…" }`. Larger answers 413, another content type 415, text that is not UTF-8 400.
 */
export async function readCsvUpload(request: Request, body: unknown, maxBytes: number): Promise<string> {
  const tooLarge = () => DomainError.of(413, 'too-costly', `the file is larger than ${Math.round(maxBytes / 1024)} kB; split it`, 'csv');
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    const csv = body && typeof body === 'object' && !Array.isArray(body) ? (body as { csv?: unknown }).csv : undefined;
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((key) => key !== 'csv') : [];
    if (typeof csv !== 'string' || extra.length) throw DomainError.badRequest('a JSON import is { "csv": "<the file\'s text>" } and nothing else', 'csv');
    if (Buffer.byteLength(csv, 'utf8') > maxBytes) throw tooLarge();
    return csv;
  }
  if (type !== 'text/csv' && type !== 'text/plain') {
    throw DomainError.of(415, 'not-supported', 'send the CSV as text/csv (or as JSON { "csv": "…" })');
  }
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the limit (keeping nothing more), so the answer goes out on an intact connection.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw tooLarge();
  const buffer = Buffer.concat(chunks);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
  if (text.includes('\uFFFD') && !buffer.includes(Buffer.from('\uFFFD'))) {
    throw DomainError.badRequest('the file is not UTF-8 text; save it as "CSV UTF-8"', 'csv');
  }
  return text;
}
