import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdentifierSystem } from '@app/fhir';
import { Principal } from '../auth/principal';
import { ActorScopeService } from '../directory/actor-scope.service';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';

/**
 * A samhandlingsavvik: what the Helse Bergen area agreement asks a reporter to say about a failed
 * hand-over. Who reports (name, HPR number, organisation) and which hospital unit it concerns are not
 * among it: they come from the reporter's verified sign-in, the directory and the hand-over.
 */
export interface DeviationInput {
  whatHappened: string;
  agreementPoint: string;
  immediateMeasures: string;
  reporterPhone?: string;
  reporterEmail?: string;
  taskId?: string;
}

export interface Deviation extends Required<Pick<DeviationInput, 'whatHappened' | 'agreementPoint' | 'immediateMeasures'>> {
  id: string;
  handoverId: string;
  taskId?: string;
  hospitalUnit: string;
  reporter: { name: string; phone?: string; email?: string; hpr?: string; organization?: string };
  createdAt: string;
}

interface DeviationRow {
  id: string;
  handover_id: string;
  task_id: string | null;
  what_happened: string;
  agreement_point: string;
  hospital_unit: string;
  immediate_measures: string;
  reporter_name: string;
  reporter_phone: string | null;
  reporter_email: string | null;
  reporter_hpr: string | null;
  reporter_organization: string | null;
  created_at: Date;
}

function toDeviation(row: DeviationRow): Deviation {
  return {
    id: row.id,
    handoverId: row.handover_id,
    ...(row.task_id ? { taskId: row.task_id } : {}),
    whatHappened: row.what_happened,
    agreementPoint: row.agreement_point,
    hospitalUnit: row.hospital_unit,
    immediateMeasures: row.immediate_measures,
    reporter: {
      name: row.reporter_name,
      ...(row.reporter_phone ? { phone: row.reporter_phone } : {}),
      ...(row.reporter_email ? { email: row.reporter_email } : {}),
      ...(row.reporter_hpr ? { hpr: row.reporter_hpr } : {}),
      ...(row.reporter_organization ? { organization: row.reporter_organization } : {}),
    },
    createdAt: row.created_at.toISOString(),
  };
}

/** Collaboration deviations filed by a GP on a hand-over that involves them, readable by both sides. */
@Injectable()
export class CollaborationDeviationService {
  constructor(
    private readonly database: Database,
    private readonly scopes: ActorScopeService,
  ) {}

  /** The hand-over, if the caller owns one of its tasks or is on its requesting side; 404 otherwise. */
  private async visibleHandover(principal: Principal, handoverId: string): Promise<{ requestingUnit: string | null; taskIds: string[] }> {
    if (!/^[0-9a-f-]{36}$/.test(handoverId)) throw DomainError.notFound('no such hand-over among yours');
    const scope = await this.scopes.scopeOf(principal);
    const { rows } = await this.database.query<{ requesting_unit: string | null; task_ids: string[]; involved: boolean }>(
      `SELECT h.requesting_unit, h.task_ids,
              (h.requesting_unit = ANY($2::text[]) OR EXISTS (
                 SELECT 1 FROM fhir_task t WHERE t.id = ANY(h.task_ids) AND (t.sp_owner = ANY($2::text[]) OR t.sp_requester = ANY($2::text[])))) AS involved
         FROM discharge_handover h WHERE h.id = $1`,
      [handoverId, [...scope.actsFor]],
    );
    if (!rows[0]?.involved) throw DomainError.notFound('no such hand-over among yours');
    return { requestingUnit: rows[0].requesting_unit, taskIds: rows[0].task_ids };
  }

  /** The reporter's name as the directory has it for the HPR number in their token. */
  private async directoryName(principal: Principal): Promise<string | undefined> {
    if (!principal.hprNumber) return undefined;
    const { rows } = await this.database.query<{ name: Array<{ text?: string; given?: string[]; family?: string }> | null }>(
      `SELECT resource->'name' AS name FROM fhir_practitioner WHERE sp_identifier && $1::text[] LIMIT 1`,
      [[`sv:${IdentifierSystem.Hpr}|${principal.hprNumber}`]],
    );
    const name = rows[0]?.name?.[0];
    const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
    return text || undefined;
  }

  async file(principal: Principal, handoverId: string, input: DeviationInput): Promise<Deviation> {
    const handover = await this.visibleHandover(principal, handoverId);
    if (input.taskId && !handover.taskIds.includes(input.taskId)) throw DomainError.unprocessable(`Task/${input.taskId} is not part of this hand-over`, 'taskId');
    const hospitalUnit = handover.requestingUnit;
    if (!hospitalUnit) throw DomainError.unprocessable('this hand-over names no hospital unit to file a deviation with');
    const reporterName = (await this.directoryName(principal)) ?? principal.name;
    if (!reporterName) throw DomainError.unprocessable('your sign-in carries no name and the directory has none for your HPR number');
    if (!input.reporterPhone && !input.reporterEmail) throw DomainError.unprocessable('give a phone number or an e-mail address where the hospital can reach you', 'reporterPhone');
    const { rows } = await this.database.query<DeviationRow>(
      `INSERT INTO collaboration_deviation (id, handover_id, task_id, what_happened, agreement_point, hospital_unit, immediate_measures,
         reporter_name, reporter_phone, reporter_email, reporter_hpr, reporter_organization)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        randomUUID(),
        handoverId,
        input.taskId ?? null,
        input.whatHappened,
        input.agreementPoint,
        hospitalUnit,
        input.immediateMeasures,
        reporterName,
        input.reporterPhone ?? null,
        input.reporterEmail ?? null,
        principal.hprNumber ?? null,
        principal.organizationNumber ?? null,
      ],
    );
    return toDeviation(rows[0]);
  }

  async list(principal: Principal, handoverId: string): Promise<Deviation[]> {
    await this.visibleHandover(principal, handoverId);
    const { rows } = await this.database.query<DeviationRow>(`SELECT * FROM collaboration_deviation WHERE handover_id = $1 ORDER BY created_at`, [handoverId]);
    return rows.map(toDeviation);
  }
}
