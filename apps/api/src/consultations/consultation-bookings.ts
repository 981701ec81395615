import { Injectable } from '@nestjs/common';
import { participantsOf, Resource } from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { SqlClient } from '../database/sql-client';
import { consultationFields } from './consultation-fields';

/** Statuses in which a consultation holds its participants' time. */
const HOLDING_TIME = ['booked', 'arrived'];
/** Participants whose time a consultation holds: people in Bro's directory (a patient or a service is not double-booked). */
const PRACTITIONER = /^(PractitionerRole|Practitioner)\//;
const EXCLUSION_VIOLATION = '23P01';

/**
 * `consultation_booking`: the booked intervals per practitioner, kept in the Appointment write's
 * transaction. PostgreSQL's exclusion constraint refuses a second overlapping booking of the same
 * practitioner (keyed by the PractitionerRole and by the Practitioner behind it, so two roles of one
 * doctor cannot be booked twice), whatever the concurrency: the later writer waits for the earlier one
 * and fails with 23P01 if it commits, which becomes a 409 naming the consultation already booked then.
 */
@Injectable()
export class ConsultationBookings {
  /** The appointment's rows as its new version says: none unless it holds a time. */
  async replace(client: SqlClient, appointment: Resource): Promise<void> {
    const id = appointment.id as string;
    await client.query('DELETE FROM consultation_booking WHERE appointment_id = $1', [id]);
    const start = appointment.start as string | undefined;
    const end = appointment.end as string | undefined;
    if (!HOLDING_TIME.includes(String(appointment.status)) || !start || !end) return;
    const roles = participantsOf(consultationFields(appointment))
      .filter((participant) => participant.status !== 'declined')
      .map((participant) => participant.actor?.reference)
      .filter((reference): reference is string => reference !== undefined && PRACTITIONER.test(reference));
    if (roles.length === 0) return;
    // A savepoint keeps the transaction usable after the refusal, so the conflict can be read and answered cleanly.
    await client.query('SAVEPOINT consultation_booking');
    try {
      await client.query(
        `INSERT INTO consultation_booking (practitioner, appointment_id, during)
         SELECT DISTINCT practitioner, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)')
           FROM (SELECT unnest($1::text[]) AS practitioner
                 UNION SELECT r.resource->'practitioner'->>'reference' FROM fhir_practitioner_role r WHERE 'PractitionerRole/' || r.id = ANY($1::text[])) held
          WHERE practitioner IS NOT NULL`,
        [roles, id, start, end],
      );
      await client.query('RELEASE SAVEPOINT consultation_booking');
    } catch (error) {
      if ((error as { code?: string }).code !== EXCLUSION_VIOLATION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT consultation_booking');
      throw await this.conflictOf(client, id, roles, start, end);
    }
  }

  /** The booking the refused one collides with, read after the other transaction committed it. */
  private async conflictOf(client: SqlClient, id: string, roles: string[], start: string, end: string): Promise<DomainError> {
    const { rows } = await client.query<{ practitioner: string; appointment_id: string; lower: Date; upper: Date }>(
      `SELECT b.practitioner, b.appointment_id, lower(b.during) AS lower, upper(b.during) AS upper
         FROM consultation_booking b
        WHERE b.appointment_id <> $2 AND b.during && tstzrange($3::timestamptz, $4::timestamptz, '[)')
          AND b.practitioner IN (SELECT unnest($1::text[])
                                 UNION SELECT r.resource->'practitioner'->>'reference' FROM fhir_practitioner_role r WHERE 'PractitionerRole/' || r.id = ANY($1::text[]))
        ORDER BY b.practitioner LIKE 'PractitionerRole/%' DESC, lower(b.during) LIMIT 1`,
      [roles, id, start, end],
    );
    const found = rows[0];
    if (!found) return DomainError.conflict('a participant is already booked in another consultation at that time', 'Appointment.start');
    return DomainError.conflict(
      `${found.practitioner} is already booked in Appointment/${found.appointment_id} from ${found.lower.toISOString()} to ${found.upper.toISOString()}: a practitioner cannot be in two consultations at once`,
      'Appointment.start',
    );
  }
}
