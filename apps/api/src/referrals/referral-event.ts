import { OutboxTopic, TaskKind, TaskStatus } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';

/** Where in a referral or triage Task's change event the referral workflow's write rules put their facts. */
export const REFERRAL_CHANGE_FACT = 'referral';

/**
 * What a referral Task's or a triage Task's write tells the workflow's handlers and planners (in the
 * write's one outbox event), so they need not read the resources again. References only, never
 * patient identifiers.
 */
export interface ReferralChangeFacts {
  taskKind: TaskKind.ReferralFulfilment | TaskKind.LowThresholdTriage;
  /** null when the Task was created by this write. */
  from: TaskStatus | null;
  to: TaskStatus;
  referralTaskId: string;
  /** The triage Task, once the rejection is routed (on the referral's rejection event and every triage event). */
  triageTaskId: string | null;
  /** `Organization/<id>`: the hospital unit that assesses the referral. */
  hospitalUnit: string;
  /** The referring GP (`PractitionerRole/<id>`, or whoever the referral's requester is). */
  referrer: string | null;
  /** `HealthcareService/<id>` the rejection was routed to; null when not routed. */
  service: string | null;
  /** Volven 9148 answer code, once answered. */
  answer: string | null;
  rejectionReason: string | null;
  /** The patient objected to being contacted by the low-threshold service: nothing is routed or shown to it. */
  objected: boolean;
  urgent: boolean;
  /** Referral: the assessment deadline; triage: the triage deadline (YYYY-MM-DD, Oslo). */
  deadline: string | null;
  /** Triage: the outcome code once completed. */
  outcome: string | null;
  /** Triage: whether the case is claimed by someone. */
  claimed: boolean;
  actorRole: string | null;
}

/** The referral workflow's facts in an event, or undefined for any other event (another workflow's Task, another type). */
export function referralChangeOf(event: OutboxRow): ReferralChangeFacts | undefined {
  if (event.resource_type !== 'Task' || event.topic !== OutboxTopic.ResourceChanged) return undefined;
  return event.payload[REFERRAL_CHANGE_FACT] as ReferralChangeFacts | undefined;
}
