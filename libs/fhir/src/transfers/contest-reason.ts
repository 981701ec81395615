/** Why a GP contests (rejects) a transferred task: Task.statusReason. Codes are stable. */
export const CONTEST_REASON_SYSTEM = 'urn:bro:contest-reason';

export const CONTEST_REASON_CODES = ['SYKEHUSETS-ANSVAR', 'MANGLER-INFO', 'IKKE-INDISERT', 'FEIL-MOTTAKER', 'ANNET'] as const;

export type ContestReasonCode = (typeof CONTEST_REASON_CODES)[number];

export const CONTEST_REASONS: Record<ContestReasonCode, { display: string; displayEn: string; definition: string }> = {
  'SYKEHUSETS-ANSVAR': {
    display: 'Sykehusets ansvar',
    displayEn: "The hospital's responsibility",
    definition: "The hospital's job under the service agreement",
  },
  'MANGLER-INFO': { display: 'Mangler informasjon', displayEn: 'Information missing', definition: 'Information needed to do the task is missing' },
  'IKKE-INDISERT': { display: 'Ikke medisinsk indisert', displayEn: 'Not indicated', definition: 'Not medically indicated' },
  'FEIL-MOTTAKER': { display: 'Feil mottaker', displayEn: 'Wrong recipient', definition: 'Sent to the wrong GP; forwarded to the right one' },
  ANNET: { display: 'Annet', displayEn: 'Other', definition: 'Another reason, given as free text' },
};

export function isContestReasonCode(code: unknown): code is ContestReasonCode {
  return typeof code === 'string' && (CONTEST_REASON_CODES as readonly string[]).includes(code);
}
