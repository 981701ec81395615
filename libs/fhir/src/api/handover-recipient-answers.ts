/**
 * What POST /api/handovers/recipient answers: before a hand-over is sent, who the patient is in Bro and
 * whose inbox the tasks will reach (as the hand-over itself would decide). Plain types only, so the browser
 * imports this file directly.
 */

/** Where the tasks of a hand-over go when the hospital names no owner. */
export type HandoverRecipient =
  /** The patient's GP (fastlege), at their office. */
  | { kind: 'gp'; reference: string; name: string; office?: { reference: string; name: string } }
  /** The GP office's shared list: the patient is listed with the office only, or their GP has left. */
  | { kind: 'office'; reference: string; name: string }
  /** No GP registered: the tasks wait in the queue of unassigned tasks. */
  | { kind: 'unassigned' };

export interface HandoverRecipientAnswer {
  /** The patient as Bro knows them; absent when Bro has no patient with this number yet (the hand-over brings them). */
  patient?: { id: string; name?: string; birthDate?: string };
  recipient: HandoverRecipient;
}
