/**
 * Emergency access (nødrett, "break the glass"): a clinician opening a patient outside their care
 * relationship says why on the request, in the `X-Bro-Emergency-Access` header. The reason is read
 * by the privacy officer afterwards, so it has to say something: a coded reason, or free text of
 * some length. It opens reads only, so nothing done under it outlives the request.
 */

/** Coded reasons, sent as `code:<code>`. */
export const EMERGENCY_ACCESS_REASONS: Readonly<Record<string, string>> = {
  'acute-care': 'Akutt behandling: pasienten trenger hjelp nå og kan ikke samtykke',
  'life-threatening': 'Livstruende tilstand',
  'unconscious-patient': 'Pasienten er bevisstløs',
};

export const MIN_EMERGENCY_REASON_LENGTH = 20;
const MAX_EMERGENCY_REASON_LENGTH = 500;

export type EmergencyReason = { ok: true; reason: string } | { ok: false; problem: string };

/** The reason of an emergency access header, or why it is not one. */
export function readEmergencyReason(header: string): EmergencyReason {
  const text = header.trim();
  const coded = /^code:(.+)$/.exec(text);
  if (coded) {
    const display = EMERGENCY_ACCESS_REASONS[coded[1]];
    if (!display) return { ok: false, problem: `unknown emergency access reason code "${coded[1].slice(0, 40)}"; codes are ${Object.keys(EMERGENCY_ACCESS_REASONS).join(', ')}` };
    return { ok: true, reason: `${coded[1]}: ${display}` };
  }
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (text.length < MIN_EMERGENCY_REASON_LENGTH || letters < MIN_EMERGENCY_REASON_LENGTH / 2) {
    return {
      ok: false,
      problem: `emergency access needs a reason the privacy officer can read: at least ${MIN_EMERGENCY_REASON_LENGTH} characters of text, or code:<${Object.keys(EMERGENCY_ACCESS_REASONS).join('|')}>`,
    };
  }
  if (text.length > MAX_EMERGENCY_REASON_LENGTH) return { ok: false, problem: `an emergency access reason is at most ${MAX_EMERGENCY_REASON_LENGTH} characters` };
  return { ok: true, reason: text };
}

/** Emergency access opens reads: GET and HEAD, and a search sent by POST. */
export function isReadRequest(method: string, path: string): boolean {
  return method === 'GET' || method === 'HEAD' || (method === 'POST' && /\/_search\/?(\?|$)/.test(path));
}
