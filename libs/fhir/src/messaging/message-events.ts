/** Bro's FHIR messaging events (MessageHeader.eventCoding). */
export const MESSAGE_EVENT_SYSTEM = 'urn:bro:message-event';

export enum MessageEvent {
  DischargeHandover = 'discharge-handover',
  TaskStatus = 'task-status',
  ReferralAnswer = 'referral-answer',
  MultidoseEvent = 'multidose-event',
}

export const MESSAGE_EVENTS: Record<MessageEvent, { display: string; definition: string }> = {
  [MessageEvent.DischargeHandover]: {
    display: 'Oppgaveoverføring ved utskrivning',
    definition: 'A hospital hands tasks over to the GP at discharge: Patient, Encounter and one Task per task',
  },
  [MessageEvent.TaskStatus]: {
    display: 'Endret oppgavestatus',
    definition: "A GP system reports a change of a transferred task's status",
  },
  [MessageEvent.ReferralAnswer]: {
    display: 'Svar på henvisning',
    definition: "A hospital system answers a referral (Volven 9148) with the referral Task's new version",
  },
  [MessageEvent.MultidoseEvent]: {
    display: 'Multidosehendelse',
    definition: "A GP's EPJ or a pharmacy system reports an e-prescription message about a multidose patient (M27.1, M25.1, M25.2, M25.3) as a Communication",
  },
};
