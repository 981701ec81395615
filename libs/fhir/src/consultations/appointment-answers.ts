import { AppointmentParticipant, AppointmentResponseAnswer, isRequiredParticipant, ParticipantStatus, participantsOf, Period } from './appointment-participant';
import { AppointmentStatus, ANSWERABLE_APPOINTMENT_STATUSES, isAppointmentStatus } from './appointment-status.rules';
import { optionIndexOf, optionsProposedAt, timeOptionsOf } from './consultation-options';

/**
 * How the answers to a joint consultation decide it. Each participant's latest answer (AppointmentResponse)
 * to the current options counts:
 * - accepted with start/end equal to one requestedPeriod accepts that option; accepted without a time
 *   accepts every option ("any of these suits me");
 * - declined declines every option, the reason in `comment`;
 * - tentative, or accepted with a time that is no option, is a counter-proposal: no option accepted,
 *   the time offered goes to the coordinator.
 * A participant without an answer whom the coordinator entered as `accepted` (the hospital doctor whose
 * calendar the times came from) accepts every option. The consultation is booked on the earliest option
 * every required participant accepted; participants marked information-only (a patient not attending)
 * and optional ones (home nursing) do not hold it up.
 */

export interface ParticipantAnswer {
  /** `participant.actor.reference`. */
  actor: string;
  status: ParticipantStatus;
  /** Indexes into the current requestedPeriods this participant accepted. */
  acceptedOptions: number[];
  /** A time they offered instead (tentative, or accepted with a time that is no option). */
  counterProposal?: Required<Period>;
  comment?: string;
}

export interface Booking {
  /** Index of the agreed requestedPeriod. */
  option: number;
  start: string;
  end: string;
  minutesDuration: number;
}

export interface FoldedAnswers {
  answers: ParticipantAnswer[];
  booking?: Booking;
  /** Whether any answer to the current options has arrived (proposed → pending). */
  answered: boolean;
}

/** The parts of an Appointment the answers are folded into. */
export interface AnswerableAppointment {
  id?: string;
  status?: unknown;
  extension?: unknown;
  participant?: unknown;
  requestedPeriod?: unknown;
}

/** The answers that count: to this appointment, to its current options, each participant's latest. */
function latestAnswers(appointment: AnswerableAppointment, responses: readonly AppointmentResponseAnswer[]): Map<string, AppointmentResponseAnswer> {
  const proposedAt = optionsProposedAt(appointment as { extension?: Array<{ url?: string; valueInstant?: string }> });
  const counting = responses
    .map((response, order) => ({ response, order }))
    .filter(({ response }) => !appointment.id || response.appointment?.reference === `Appointment/${appointment.id}`)
    .filter(({ response }) => !proposedAt || !response.meta?.lastUpdated || Date.parse(response.meta.lastUpdated) >= Date.parse(proposedAt))
    .sort((a, b) => Date.parse(a.response.meta?.lastUpdated ?? '') - Date.parse(b.response.meta?.lastUpdated ?? '') || a.order - b.order);
  const latest = new Map<string, AppointmentResponseAnswer>();
  for (const { response } of counting) if (response.actor?.reference) latest.set(response.actor.reference, response);
  return latest;
}

function answerOf(participant: AppointmentParticipant, response: AppointmentResponseAnswer | undefined, options: ReturnType<typeof timeOptionsOf>): ParticipantAnswer {
  const actor = participant.actor!.reference!;
  const every = options.map((_, index) => index);
  if (!response) return { actor, status: participant.status, acceptedOptions: participant.status === 'accepted' ? every : [] };
  const { participantStatus, start, end, comment } = response;
  const offered = start !== undefined && end !== undefined ? { start, end } : undefined;
  const option = offered ? optionIndexOf(options, offered) : -1;
  const base = { actor, ...(comment ? { comment } : {}) };
  if (participantStatus === 'accepted') {
    if (!offered) return { ...base, status: 'accepted', acceptedOptions: every };
    if (option >= 0) return { ...base, status: 'accepted', acceptedOptions: [option] };
    return { ...base, status: 'tentative', acceptedOptions: [], counterProposal: offered };
  }
  if (participantStatus === 'tentative') return { ...base, status: 'tentative', acceptedOptions: [], ...(offered && option < 0 ? { counterProposal: offered } : {}) };
  return { ...base, status: participantStatus, acceptedOptions: [] };
}

/** Each participant's counted answer, and the booking they agree on if they do. */
export function foldAnswers(appointment: AnswerableAppointment, responses: readonly AppointmentResponseAnswer[]): FoldedAnswers {
  const options = timeOptionsOf(appointment);
  const latest = latestAnswers(appointment, responses);
  const participants = participantsOf(appointment).filter((participant) => participant.actor?.reference);
  const answers = participants.map((participant) => answerOf(participant, latest.get(participant.actor!.reference!), options));

  const required = participants.map((participant, index) => ({ participant, answer: answers[index] })).filter(({ participant }) => isRequiredParticipant(participant));
  const agreed = options
    .map((option, index) => ({ option, index }))
    .filter(({ index }) => required.length > 0 && required.every(({ answer }) => answer.acceptedOptions.includes(index)))
    .sort((a, b) => Date.parse(a.option.start) - Date.parse(b.option.start));
  const first = agreed[0];
  const booking = first
    ? { option: first.index, start: first.option.start, end: first.option.end, minutesDuration: Math.round((Date.parse(first.option.end) - Date.parse(first.option.start)) / 60_000) }
    : undefined;
  return { answers, booking, answered: latest.size > 0 };
}

/**
 * The status Bro derives from the answers: booked when the required participants agree on an option,
 * otherwise pending once answers arrive (or once it was booked and lost its agreement), otherwise
 * proposed. Outside the answer-driven statuses (held, cancelled, …) answers change nothing.
 */
export function derivedStatus(appointment: AnswerableAppointment, responses: readonly AppointmentResponseAnswer[]): AppointmentStatus {
  const current = isAppointmentStatus(appointment.status) ? appointment.status : 'proposed';
  if (!ANSWERABLE_APPOINTMENT_STATUSES.includes(current)) return current;
  const { booking, answered } = foldAnswers(appointment, responses);
  if (booking) return 'booked';
  return answered || current !== 'proposed' ? 'pending' : 'proposed';
}

/**
 * The Appointment's next version after the answers: participant statuses as answered, the derived status,
 * and once booked the agreed time in start/end/minutesDuration with the other options released (the
 * history keeps them). An optional participant who accepted a released option is asked again. Not booked,
 * it has no start: reminders and the double-booking guard take booked times only.
 */
export function withAnswers<T extends AnswerableAppointment>(appointment: T, responses: readonly AppointmentResponseAnswer[]): T {
  const current = isAppointmentStatus(appointment.status) ? appointment.status : 'proposed';
  if (!ANSWERABLE_APPOINTMENT_STATUSES.includes(current)) return appointment;
  const { answers, booking } = foldAnswers(appointment, responses);
  const byActor = new Map(answers.map((answer) => [answer.actor, answer]));
  const participant = participantsOf(appointment).map((existing): AppointmentParticipant => {
    const answer = existing.actor?.reference ? byActor.get(existing.actor.reference) : undefined;
    if (!answer) return existing;
    const askAgain = booking && answer.status === 'accepted' && !answer.acceptedOptions.includes(booking.option);
    return { ...existing, status: askAgain ? 'needs-action' : answer.status };
  });
  const { start: _start, end: _end, minutesDuration: _minutes, ...unbooked } = appointment as T & { start?: string; end?: string; minutesDuration?: number };
  const status = derivedStatus(appointment, responses);
  if (!booking) return { ...unbooked, status, participant } as unknown as T;
  const options = timeOptionsOf(appointment);
  return { ...unbooked, status, participant, start: booking.start, end: booking.end, minutesDuration: booking.minutesDuration, requestedPeriod: [options[booking.option]] } as unknown as T;
}
