import { Injectable } from '@nestjs/common';
import { HandoverRecipient, HandoverRecipientAnswer } from '@app/fhir/api/handover-recipient-answers';
import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { isValidDNummer, isValidFodselsnummer } from '@app/fhir/identifiers/norwegian-person-number';
import { HANDOVER_SENDER_ROLES } from '../access/access-policy';
import { Principal } from '../auth/principal';
import { requireRole } from '../auth/require-role';
import { DomainError } from '../common/errors/domain-error';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { TaskOwnerResolver } from './task-owner.resolver';

/** A Patient.name as one line: its text, else given names and family name. */
function nameLine(names: unknown): string | undefined {
  const first = Array.isArray(names) ? (names[0] as { given?: string[]; family?: string; text?: string } | undefined) : undefined;
  const line = first ? (first.text ?? [...(first.given ?? []), first.family].filter(Boolean).join(' ')) : '';
  return line || undefined;
}

/**
 * Before a hand-over is sent: who the patient with this fødselsnummer or D-nummer is in Bro and whose inbox
 * its tasks will reach, decided by the same resolver the hand-over uses. Only the hospital side may ask
 * (HANDOVER_SENDER_ROLES; a system client only when its scopes already let it search every patient), only by
 * a complete valid number, and the answer names nothing a hand-over's own answer would not; the controller
 * audits the patient it names.
 */
@Injectable()
export class HandoverRecipientService {
  constructor(
    private readonly database: Database,
    private readonly fhir: FhirService,
    private readonly owners: TaskOwnerResolver,
  ) {}

  async lookUp(principal: Principal, personNumber: string): Promise<HandoverRecipientAnswer> {
    requireRole(principal, HANDOVER_SENDER_ROLES);
    // A hospital system asks only if its scopes already let it search every patient (not a pharmacy's client).
    if (principal.role === 'system') {
      const policy = await this.fhir.policyOf(principal);
      if (!policy?.seesAllPatients || !policy.may('Patient', 'search')) throw DomainError.forbidden("this client's scopes do not grant search on Patient (system/Patient.s)");
    }
    const system = isValidFodselsnummer(personNumber) ? IdentifierSystem.Fodselsnummer : isValidDNummer(personNumber) ? IdentifierSystem.DNummer : undefined;
    if (!system) throw DomainError.badRequest('personNumber is not a valid fødselsnummer or D-nummer (11 digits with valid check digits)', 'personNumber');

    const patient = await this.owners.storedPatient(this.database, `${system}|${personNumber}`);
    if (!patient) return { recipient: { kind: 'unassigned' } };
    const owner = await this.owners.defaultOwner(this.database, patient);
    const name = nameLine(patient.name);
    return {
      patient: { id: patient.id!, ...(name ? { name } : {}), ...(typeof patient.birthDate === 'string' ? { birthDate: patient.birthDate } : {}) },
      recipient: owner.kind === 'unassigned' ? owner : await this.describe(owner.kind, owner.reference),
    };
  }

  /** The GP's name and office, or the office's name, from the directory. */
  private async describe(kind: 'gp' | 'office', reference: string): Promise<HandoverRecipient> {
    if (kind === 'office') {
      const { rows } = await this.database.query<{ name: string | null }>(`SELECT resource->>'name' AS name FROM fhir_organization WHERE id = $1`, [reference.slice('Organization/'.length)]);
      return { kind, reference, name: rows[0]?.name ?? reference };
    }
    const { rows } = await this.database.query<{ name: string | null; practitioner_name: unknown; office: string | null; office_name: string | null }>(
      `SELECT r.resource->'practitioner'->>'display' AS name, p.resource->'name' AS practitioner_name, r.sp_organization AS office, o.resource->>'name' AS office_name
         FROM fhir_practitioner_role r
         LEFT JOIN fhir_practitioner p ON 'Practitioner/' || p.id = r.sp_practitioner
         LEFT JOIN fhir_organization o ON 'Organization/' || o.id = r.sp_organization
        WHERE r.id = $1`,
      [reference.slice('PractitionerRole/'.length)],
    );
    const row = rows[0];
    const name = row?.name ?? nameLine(row?.practitioner_name) ?? reference;
    return { kind, reference, name, ...(row?.office ? { office: { reference: row.office, name: row.office_name ?? row.office } } : {}) };
  }
}
