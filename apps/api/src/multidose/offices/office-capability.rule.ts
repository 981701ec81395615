import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  GP_OFFICE_CAPABILITY_EXTENSION,
  OperationOutcomeIssue,
  Resource,
  capabilityPartOf,
  hasOfficeCapability,
  isGpOffice,
  officeCapabilityOf,
  officeCapabilityProblems,
  officeCapabilityShapeProblems,
} from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule } from '../../fhir/store/resource-write.rule';

/**
 * The GP office capability (PLL, e-multidose, EPJ system) on every path that writes an Organization: REST,
 * PATCH, bundle entries, the admin API and its CSV import. It takes the Organizations that carry the
 * extension (or carried it: removing it is a change too, and allowed) and refuses with 422, naming each
 * problem, a capability that is malformed, on an organisation that is not a GP office, or whose dates are
 * not real days, lie in the future or before 2010, or say e-multidose without (or before) PLL. Who may
 * write an Organization at all is the role table's: `admin` and system clients with Organization scopes.
 */
@Injectable()
export class OfficeCapabilityRule implements ResourceWriteRule, OnModuleInit {
  constructor(private readonly fhir: FhirService) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Organization', this);
  }

  appliesTo(resource: Resource): boolean {
    return hasOfficeCapability(resource);
  }

  async prepare(next: Resource): Promise<Resource> {
    if (!hasOfficeCapability(next)) return next;
    const shape = officeCapabilityShapeProblems(next);
    if (shape.length) throw refusal(shape.map((message) => ({ message })));
    if (!isGpOffice(next)) {
      throw refusal([{ message: `${GP_OFFICE_CAPABILITY_EXTENSION} belongs on a GP office (Organization.type urn:bro:organization-type|gp-office)` }]);
    }
    const problems = officeCapabilityProblems(officeCapabilityOf(next) ?? {}, osloDate(new Date()));
    if (problems.length) throw refusal(problems.map((problem) => ({ message: problem.message, field: problem.field })));
    return next;
  }
}

/**
 * One 422 with an issue per problem. Each issue points at the sub-extension in FHIRPath and, last, at the
 * /api field name, which is what the /api error filter shows as `field`.
 */
function refusal(problems: Array<{ message: string; field?: Parameters<typeof capabilityPartOf>[0] }>): DomainError {
  const base = `Organization.extension('${GP_OFFICE_CAPABILITY_EXTENSION}')`;
  const issues: OperationOutcomeIssue[] = problems.map((problem) => ({
    severity: 'error',
    code: 'business-rule',
    diagnostics: problem.message,
    expression: problem.field ? [`${base}.extension('${capabilityPartOf(problem.field)}')`, problem.field] : [base],
  }));
  return new DomainError(422, issues);
}
