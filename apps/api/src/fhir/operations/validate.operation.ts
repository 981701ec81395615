import { Injectable, OnModuleInit } from '@nestjs/common';
import { OperationOutcomeIssue, Resource, SUPPORTED_RESOURCE_TYPES, operationOutcome } from '@app/fhir';
import { Principal } from '../../auth/principal';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirOperations, OperationCall, OperationResult } from '../fhir-operations';
import { FhirService } from '../fhir.service';
import { outcomeIssuesOf, resourceIssues, resourceOfRequest } from '../validation/resource-validation';

const DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Resource-validate';
const MODES = ['create', 'update', 'delete', 'profile'] as const;
type Mode = (typeof MODES)[number];

interface ValidateInput {
  resource?: unknown;
  mode?: Mode;
  profile?: string;
}

/** Thrown to undo a trial write: nothing a `$validate` tries is ever committed. */
const UNDO = Symbol('undo the trial write');

function parameterValue(parameter: Record<string, unknown>): unknown {
  return parameter.valueCode ?? parameter.valueUri ?? parameter.valueCanonical ?? parameter.valueString;
}

/** The resource, mode and profile, sent as the resource itself or as Parameters (R4 allows both). */
function inputOf(body: unknown, resourceType: string): ValidateInput {
  if (body === undefined) throw DomainError.badRequest('$validate takes the resource (or Parameters with it) in a POST body');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw DomainError.badRequest('the body must be the resource to validate, or Parameters');
  const parameters = body as Resource;
  if (parameters.resourceType !== 'Parameters') return { resource: body };
  const input: ValidateInput = {};
  for (const parameter of (Array.isArray(parameters.parameter) ? parameters.parameter : []) as Array<Record<string, unknown>>) {
    if (parameter.name === 'resource') input.resource = parameter.resource;
    else if (parameter.name === 'mode') {
      const mode = parameterValue(parameter);
      if (!MODES.includes(mode as Mode)) throw DomainError.badRequest(`mode must be one of ${MODES.join(', ')}, not ${JSON.stringify(mode)}`, 'Parameters.parameter.valueCode');
      input.mode = mode as Mode;
    } else if (parameter.name === 'profile') input.profile = String(parameterValue(parameter));
    else throw DomainError.badRequest(`$validate takes the parameters resource, mode and profile, not ${JSON.stringify(parameter.name)}`);
  }
  if (input.profile !== undefined && input.profile.replace(/\|.*$/, '') !== `http://hl7.org/fhir/StructureDefinition/${resourceType}`) {
    throw DomainError.of(400, 'not-supported', `Bro validates against R4's base StructureDefinition for ${resourceType} and its own rules; it holds no profile ${input.profile}`);
  }
  if (input.resource === undefined && input.mode !== 'delete') throw DomainError.badRequest('the Parameters need a resource (only mode delete goes without)');
  return input;
}

/**
 * `POST [base]/<Type>/$validate` and `POST [base]/<Type>/<id>/$validate` for every type Bro stores:
 * whether a resource is valid R4 that meets Bro's rules and, with a mode, whether Bro would take it as
 * that create, update or delete. A mode is answered by trying the write through FhirService in a
 * transaction that is always rolled back, so access, write rules, links and referential integrity
 * decide exactly as they would. The answer is 200 with an OperationOutcome, valid or not (R4); only a
 * request that cannot be validated (no resource of the type, an unknown mode or profile) is refused (400).
 *
 * Who may ask: whoever may create the type (type level), or read the resource and update or delete it
 * (instance level); anyone else gets the 403 or 404 the write itself would give, and learns nothing.
 */
@Injectable()
export class ValidateOperation implements OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly operations: FhirOperations,
  ) {}

  onModuleInit(): void {
    for (const resourceType of SUPPORTED_RESOURCE_TYPES) {
      for (const level of ['type', 'instance'] as const) {
        this.operations.register({
          name: 'validate',
          level,
          resourceType,
          definition: DEFINITION,
          affectsState: false,
          invoke: (call) => this.invoke(call),
        });
      }
    }
  }

  async invoke(call: OperationCall): Promise<OperationResult> {
    const resourceType = call.resourceType!;
    // Who may ask comes before what they sent: a caller without access learns nothing, not even "malformed".
    if (call.id === undefined) (await this.fhir.policyOf(call.actor))?.assertMay(resourceType, 'create');
    else await this.fhir.read(resourceType, call.id, { actor: call.actor });
    const input = inputOf(call.body, resourceType);
    const issues = call.id === undefined ? await this.onType(resourceType, input, call.actor) : await this.onInstance(resourceType, call.id, input, call.actor);
    return { status: 200, resource: operationOutcome(issues.length > 0 ? issues : [noIssues(resourceType, call.id, input.mode)]) };
  }

  private async onType(resourceType: string, input: ValidateInput, actor: Principal | undefined): Promise<OperationOutcomeIssue[]> {
    if (input.mode === 'update' || input.mode === 'delete') {
      throw DomainError.badRequest(`mode ${input.mode} is about one resource: POST [base]/${resourceType}/<id>/$validate`);
    }
    const content = contentIssues(input.resource, resourceType);
    if (input.mode !== 'create' || hasErrors(content)) return content;
    return [...content, ...(await this.trial((client) => this.fhir.create(resourceType, input.resource, { actor, client })))];
  }

  private async onInstance(resourceType: string, id: string, input: ValidateInput, actor: Principal | undefined): Promise<OperationOutcomeIssue[]> {
    (await this.fhir.policyOf(actor))?.assertMay(resourceType, input.mode === 'delete' ? 'delete' : 'update');
    if (input.mode === 'delete') return this.trial((client) => this.fhir.delete(resourceType, id, { actor, client }));
    if (input.mode === 'create') throw DomainError.badRequest(`mode create makes a new resource: POST [base]/${resourceType}/$validate`);
    const content = contentIssues(input.resource, resourceType, id);
    if (input.mode !== 'update' || hasErrors(content)) return content;
    return [...content, ...(await this.trial((client) => this.fhir.update(resourceType, id, input.resource, { actor, client })))];
  }

  /** What would stop `write` (its DomainError's issues), found by doing it and undoing it. */
  private async trial(write: (client: SqlClient) => Promise<unknown>): Promise<OperationOutcomeIssue[]> {
    try {
      await this.fhir.inTransaction(undefined, async (client) => {
        await write(client);
        throw UNDO;
      });
    } catch (error) {
      if (error === UNDO) return [];
      if (error instanceof DomainError) return error.issues;
      throw error;
    }
    return [];
  }
}

/**
 * The issues in the content. A body that is not a resource of the URL's type cannot be validated as
 * one (400); one whose id is not the URL's is, and says so among its issues.
 */
function contentIssues(body: unknown, resourceType: string, id?: string): OperationOutcomeIssue[] {
  const resource = resourceOfRequest(body, resourceType);
  let wrongId: OperationOutcomeIssue[] = [];
  try {
    if (id !== undefined) resourceOfRequest(resource, resourceType, id);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    wrongId = error.issues;
  }
  return [...wrongId, ...outcomeIssuesOf(resourceIssues(resource))];
}

function hasErrors(issues: OperationOutcomeIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error' || issue.severity === 'fatal');
}

function noIssues(resourceType: string, id: string | undefined, mode: Mode | undefined): OperationOutcomeIssue {
  const diagnostics =
    mode === 'delete'
      ? `No issues: Bro would delete ${resourceType}/${id} for this caller now`
      : `No issues: valid FHIR R4 ${resourceType} that meets Bro's rules${mode === 'create' ? '; Bro would accept it as a create' : mode === 'update' ? '; Bro would accept it as an update' : ''}`;
  return { severity: 'information', code: 'informational', diagnostics };
}
