import { Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_TRIAGE_WORKING_DAYS,
  ROUTED_BY_RULE_EXTENSION,
  Resource,
  RoutingRule,
  TaskKind,
  TRIAGE_INITIAL_STATUS,
  pickRoutingRule,
  withTaskKind,
} from '@app/fhir';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { addWorkingDays } from '../../common/calendar/working-days';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { ReferralCaseProjection, ReferralCaseRow } from '../referral-case.projection';
import { RoutingRulesStore } from './routing-rules.store';

/** Where a rejection went: routed to a triage Task, or why not. */
export interface RoutingResult {
  routed: boolean;
  /** Why a rejection was not routed: the patient objected, or no stored rule routes it (no rule set, or its services are gone). */
  notRoutedBecause?: 'patient-objected' | 'no-rule';
  triageTaskId?: string;
  service?: string;
  rule?: string;
}

/**
 * Routes a rejected referral to the low-threshold service, inside the rejection's transaction: the
 * stored rules in force pick the service (first match; the catch-all at the latest), and a triage Task
 * is created through FhirService as Bro's own write, so the triage rule, the history, the audit and
 * the outbox treat it as any other write. Nothing is routed when the patient objected to contact.
 */
@Injectable()
export class ReferralRouting {
  private readonly logger = new Logger(ReferralRouting.name);

  constructor(
    private readonly fhir: FhirService,
    private readonly rules: RoutingRulesStore,
    private readonly cases: ReferralCaseProjection,
  ) {}

  async route(client: SqlClient, referral: Resource, row: ReferralCaseRow): Promise<RoutingResult> {
    if (row.objected) return { routed: false, notRoutedBecause: 'patient-objected' };
    const ruleSet = await this.rules.current(client);
    const rejection = { reason: row.rejection_reason ?? '', hospitalUnit: row.hospital_unit };
    const existing = await this.existingServices(client, ruleSet?.rules ?? []);
    // A rule whose service has since left the directory is passed over, so the rejection still finds a service.
    const rule = pickRoutingRule((ruleSet?.rules ?? []).filter((candidate) => existing.has(candidate.routeTo)), rejection);
    if (!ruleSet || !rule) {
      this.logger.warn(`a rejected referral (Task/${referral.id}) was not routed: no routing rule in force routes it to an existing service`);
      return { routed: false, notRoutedBecause: 'no-rule' };
    }
    const deadline = addWorkingDays(osloDate(new Date()), rule.triageWorkingDays ?? DEFAULT_TRIAGE_WORKING_DAYS);
    const ruleName = `${ruleSet.version}/${rule.id}`;
    const triage = await this.fhir.create('Task', this.triageTask(referral, row, rule, ruleName, deadline), { client, decidedByService: true });
    const triageTaskId = triage.resource.id!;
    await this.cases.recordRouting(client, row.referral_task_id, { triageTaskId, service: rule.routeTo, rule: ruleName, deadline });
    return { routed: true, triageTaskId, service: rule.routeTo, rule: ruleName };
  }

  private async existingServices(client: SqlClient, rules: RoutingRule[]): Promise<Set<string>> {
    const ids = [...new Set(rules.map((rule) => rule.routeTo.replace(/^HealthcareService\//, '')))];
    if (!ids.length) return new Set();
    const { rows } = await client.query<{ ref: string }>(`SELECT 'HealthcareService/' || id AS ref FROM fhir_healthcare_service WHERE id = ANY($1::text[])`, [ids]);
    return new Set(rows.map((found) => found.ref));
  }

  private triageTask(referral: Resource, row: ReferralCaseRow, rule: RoutingRule, ruleName: string, deadline: string): Resource {
    return withTaskKind(
      {
        resourceType: 'Task',
        status: TRIAGE_INITIAL_STATUS,
        intent: 'order',
        priority: row.urgent ? 'urgent' : 'routine',
        description: 'Avslått henvisning til vurdering i lavterskeltilbudet',
        for: referral.for,
        focus: { reference: `ServiceRequest/${row.service_request_id}` },
        basedOn: [{ reference: `ServiceRequest/${row.service_request_id}` }, { reference: `Task/${row.referral_task_id}` }],
        requester: referral.requester,
        owner: { reference: rule.routeTo },
        authoredOn: new Date().toISOString(),
        restriction: { period: { end: deadline } },
        extension: [{ url: ROUTED_BY_RULE_EXTENSION, valueString: ruleName }],
      },
      TaskKind.LowThresholdTriage,
    );
  }
}
