import { Injectable, OnModuleInit } from '@nestjs/common';
import { Reference, Resource } from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { ActorScopeService } from '../directory/actor-scope.service';
import { FhirService } from '../fhir/fhir.service';
import { normalizeReference } from '../fhir/search/reference';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';

/** Roles that keep calendars for anyone (the directory's administrators, systems within their scopes). */
const ANY_CALENDAR = ['admin', 'system'];

/**
 * Whose calendar a Schedule or Slot write touches: every clinician reads calendars (no patient data in
 * them), but only the practitioner, their office or unit (a PractitionerRole held there), an
 * administrator or a system client writes one. A Slot belongs to its Schedule's practitioner. Checked
 * on the stored version too, so nobody takes over a calendar by rewriting its actor.
 */
@Injectable()
export class AvailabilityOwnerRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Schedule', this);
    this.fhir.registerWriteRule('Slot', this);
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    await this.assertOwnCalendar([next, ...(previous ? [previous.resource] : [])], context);
    return next;
  }

  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    await this.assertOwnCalendar([current.resource], context);
  }

  private async assertOwnCalendar(versions: Resource[], context: WriteRuleContext): Promise<void> {
    if (!context.actor || ANY_CALENDAR.includes(context.actor.role)) return;
    const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
    const owners = [...new Set((await Promise.all(versions.map((version) => this.ownersOf(version, context)))).flat())];
    if (owners.length === 0) return; // a Slot of no stored Schedule: the reference check refuses it
    const { rows } = await context.client.query<{ ref: string }>(
      `SELECT ref FROM unnest($1::text[]) AS ref
        WHERE ref = ANY($2::text[])
           OR EXISTS (SELECT 1 FROM fhir_practitioner_role r WHERE 'PractitionerRole/' || r.id = ref AND r.sp_organization = ANY($2::text[]))`,
      [owners, [...scope.actsFor]],
    );
    const own = new Set(rows.map((row) => row.ref));
    const others = owners.filter((owner) => !own.has(owner));
    if (others.length) throw DomainError.forbidden(`only ${others.join(', ')} (or their office or unit) keeps this calendar`, `${versions[0].resourceType}.actor`);
  }

  /** The practitioners a Schedule is for, or those of a Slot's Schedule. */
  private async ownersOf(resource: Resource, context: WriteRuleContext): Promise<string[]> {
    const local = (reference: Reference | undefined) => (reference?.reference ? normalizeReference(reference.reference, this.fhir.baseUrl) : undefined);
    if (resource.resourceType === 'Schedule') {
      return ((resource.actor as Reference[] | undefined) ?? []).map(local).filter((ref): ref is string => ref !== undefined);
    }
    const schedule = local(resource.schedule as Reference | undefined);
    if (!schedule?.startsWith('Schedule/')) return [];
    const stored = await this.fhir.readIfPresent('Schedule', schedule.slice('Schedule/'.length), context.client);
    return stored ? this.ownersOf(stored.resource, context) : [];
  }
}
