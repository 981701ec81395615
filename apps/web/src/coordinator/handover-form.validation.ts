import { dueDateProblem, osloDay, stayProblem } from '@app/fhir/transfers/handover-timing.rules';
import { isDateTimeValue, isDayValue } from '../components/date-text';
import { HandoverDraft, personNumberSystem } from './handover-bundle';
import type { useHandoverFormTexts } from './handover-form.texts';

/** The draft as the form holds it: the stay's times not yet instants. */
export interface HandoverFormFields extends Pick<HandoverDraft, 'personNumber' | 'givenName' | 'familyName' | 'tasks'> {
  /** YYYY-MM-DDTHH:mm in the browser's time, or the text as typed while it is no time yet. */
  admittedAt: string;
  dischargedAt: string;
}

export type HandoverFieldKey =
  | 'personNumber'
  | 'givenName'
  | 'familyName'
  | 'admittedAt'
  | 'dischargedAt'
  | `task-${number}-category`
  | `task-${number}-description`
  | `task-${number}-due`;

export type HandoverFormErrors = Partial<Record<HandoverFieldKey, string>>;

/** The form's own messages, and the two the shared dictionary already has. */
type Texts = ReturnType<typeof useHandoverFormTexts> & { fodselsnummerInvalid: string; dischargeBeforeAdmission: string };

/** The order the fields come in on the page: the first one wrong gets the focus. */
export function fieldOrder(fields: HandoverFormFields): HandoverFieldKey[] {
  return [
    'personNumber',
    'givenName',
    'familyName',
    'admittedAt',
    'dischargedAt',
    ...fields.tasks.flatMap((_, i) => [`task-${i}-category`, `task-${i}-due`, `task-${i}-description`] as HandoverFieldKey[]),
  ];
}

/**
 * What is wrong with the form, field by field, as the API would refuse it (the same rules from
 * libs/fhir/src/transfers/handover-timing.rules.ts) and a little stricter where the coordinator is sending at
 * discharge: a due date not before today. `patientKnown` false: Bro has no patient with the number yet, so the
 * hand-over registers them and the GP needs their name.
 */
export function validateHandoverForm(fields: HandoverFormFields, patientKnown: boolean | undefined, texts: Texts, now = new Date()): HandoverFormErrors {
  const errors: HandoverFormErrors = {};
  const number = fields.personNumber.trim();
  if (!number) errors.personNumber = texts.personNumberMissing;
  else if (/\D/.test(number)) errors.personNumber = texts.personNumberNotDigits;
  else if (number.length !== 11) errors.personNumber = texts.personNumberLength(number.length);
  else if (!personNumberSystem(number)) errors.personNumber = texts.fodselsnummerInvalid;

  if (patientKnown === false) {
    if (!fields.givenName.trim()) errors.givenName = texts.givenNameMissing;
    if (!fields.familyName.trim()) errors.familyName = texts.familyNameMissing;
  }

  if (!fields.admittedAt) errors.admittedAt = texts.admittedMissing;
  else if (!isDateTimeValue(fields.admittedAt)) errors.admittedAt = texts.dateTimeUnreadable;
  if (!fields.dischargedAt) errors.dischargedAt = texts.dischargedMissing;
  else if (!isDateTimeValue(fields.dischargedAt)) errors.dischargedAt = texts.dateTimeUnreadable;
  const admitted = isDateTimeValue(fields.admittedAt) ? new Date(fields.admittedAt) : undefined;
  const discharged = isDateTimeValue(fields.dischargedAt) ? new Date(fields.dischargedAt) : undefined;
  switch (stayProblem(admitted, discharged, now)) {
    case 'admission-in-future':
      errors.admittedAt = texts.admittedInFuture;
      break;
    case 'discharge-in-future':
      errors.dischargedAt = texts.dischargedInFuture;
      break;
    case 'discharge-before-admission':
      errors.dischargedAt = texts.dischargeBeforeAdmission;
      break;
  }

  const today = osloDay(now);
  fields.tasks.forEach((task, i) => {
    if (!task.category) errors[`task-${i}-category`] = texts.categoryMissing;
    if (!task.description.trim()) errors[`task-${i}-description`] = texts.descriptionMissing;
    if (task.due && !isDayValue(task.due)) errors[`task-${i}-due`] = texts.dueUnreadable;
    else if (task.due && dueDateProblem(task.due, today)) errors[`task-${i}-due`] = texts.dueInPast;
  });
  return errors;
}
