import { Injectable, OnModuleInit } from '@nestjs/common';
import { BundleEntry, Resource, jointDischargeConsultationServiceType } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { FhirOperations, OperationCall, OperationResult } from '../../fhir/fhir-operations';
import { FhirService } from '../../fhir/fhir.service';
import { Interval } from '../availability/intervals';
import { parseFindTimesParameters, FindTimesRequest } from './find-times.parameters';
import { ConsultationTimesService } from './consultation-times.service';
import { operationParametersOf } from './operation-parameters';

const DEFINITION = 'urn:bro:OperationDefinition/Appointment-find';

/**
 * `GET|POST Appointment/$find`: the next times at which every required practitioner is free, as proposed
 * Appointments (one per time) the coordinator can write back with the chosen times as requestedPeriods.
 * Only coordinators plan consultations, and system clients allowed to search Appointments; the answer
 * names practitioners and times, no patient, so nothing is audited as patient data.
 */
@Injectable()
export class AppointmentFindOperation implements OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly operations: FhirOperations,
    private readonly times: ConsultationTimesService,
  ) {}

  onModuleInit(): void {
    this.operations.register({
      name: 'find',
      level: 'type',
      resourceType: 'Appointment',
      definition: DEFINITION,
      affectsState: false,
      invoke: (call) => this.invoke(call),
    });
  }

  private async invoke(call: OperationCall): Promise<OperationResult> {
    const policy = await this.fhir.policyOf(call.actor);
    if (policy) {
      if (policy.role !== 'coordinator' && policy.role !== 'system') throw DomainError.forbidden(`finding consultation times is for hospital coordinators; you are signed in as ${policy.role}`);
      policy.assertMay('Appointment', 'search');
    }
    const request = parseFindTimesParameters(operationParametersOf(call));
    const found = await this.times.find(request);
    return { status: 200, resource: this.bundleOf(request, found) };
  }

  private bundleOf(request: FindTimesRequest, found: Interval[]): Resource {
    const entries: BundleEntry[] = found.map((time) => ({
      resource: {
        resourceType: 'Appointment',
        status: 'proposed',
        serviceType: [jointDischargeConsultationServiceType()],
        start: new Date(time.start).toISOString(),
        end: new Date(time.end).toISOString(),
        minutesDuration: request.minutesDuration,
        participant: request.practitioners.map((reference) => ({ actor: { reference }, required: 'required', status: 'needs-action' })),
      },
      search: { mode: 'match' },
    }));
    if (entries.length === 0) {
      entries.push({
        resource: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'information', code: 'not-found', diagnostics: 'no time in the window at which all the practitioners are free for the whole length' }],
        },
        search: { mode: 'outcome' },
      });
    }
    return { resourceType: 'Bundle', type: 'searchset', total: found.length, link: [{ relation: 'self', url: `${this.fhir.baseUrl}/Appointment/$find` }], entry: entries };
  }
}
