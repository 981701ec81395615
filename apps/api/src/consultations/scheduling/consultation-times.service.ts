import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { findConsultationTimes } from '../availability/consultation-times.finder';
import { Interval } from '../availability/intervals';
import { FindTimesRequest } from './find-times.parameters';
import { PractitionerAvailabilityQuery } from './practitioner-availability.query';

/** The times at which all the asked practitioners are free: what `$find` and the planner's suggestions answer. */
@Injectable()
export class ConsultationTimesService {
  constructor(
    private readonly fhir: FhirService,
    private readonly availability: PractitionerAvailabilityQuery,
  ) {}

  async find(request: FindTimesRequest, now: Date = new Date()): Promise<Interval[]> {
    await this.assertRolesExist(request.practitioners);
    const free = await this.availability.freeIntervals(request.practitioners, request.window);
    return findConsultationTimes({
      freeByParticipant: request.practitioners.map((practitioner) => free.get(practitioner) ?? []),
      window: request.window,
      minutesDuration: request.minutesDuration,
      count: request.count,
      stepMinutes: request.stepMinutes,
      now: now.getTime(),
    });
  }

  /** A role that does not exist is a mistake in the question, not "never free": 400 naming it. */
  private async assertRolesExist(practitioners: readonly string[]): Promise<void> {
    const ids = practitioners.map((reference) => reference.slice('PractitionerRole/'.length));
    const { rows } = await this.fhir.database.query<{ id: string }>(`SELECT id FROM "${tableNameOf('PractitionerRole')}" WHERE id = ANY($1::text[])`, [ids]);
    const missing = ids.find((id) => !rows.some((row) => row.id === id));
    if (missing) throw DomainError.badRequest(`PractitionerRole/${missing} does not exist`, 'practitioner');
  }
}
