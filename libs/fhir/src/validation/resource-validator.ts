/**
 * Structural validation of FHIR R4 resources against the compiled schemas: JSON shape,
 * unknown elements, cardinality, primitive formats, required bindings, no empty values,
 * reference form and targets, narrative (txt-1, txt-2), contained resources (dom-2, dom-3, dom-4),
 * and the Norwegian identifier rules. The elements of contained resources of other types are the
 * StructureDefinition validator's (apps/api); this file needs no definitions.
 */
import { checkNorwegianIdentifier } from '../identifiers/identifier-rules';
import { unreferencedContained } from './contained-references';
import { ID_PATTERN } from './primitive-types';
import { VALIDATED_RESOURCE_TYPES, ValidatedResourceType } from './resource-schemas';
import {
  ChoiceGroup,
  CompiledElement,
  CompiledSchema,
  PRIMITIVE_EXTENSION_SCHEMA,
  isValidatedResourceType,
  resourceSchemaOf,
} from './schema-compiler';
import { ValidationIssue, ValidationIssueCode } from './validation-issue';
import { narrativeProblem } from './xhtml-narrative';

export interface ValidateResourceOptions {
  /** For an update: the id in the URL, which the resource must carry. */
  forUpdateId?: string;
}

/** A hopeless payload could produce thousands of issues; the first hundred say enough. */
const MAX_ISSUES = 100;
const MAX_QUOTED_LENGTH = 80;

/** `Type/id`, `Type/id/_history/version`, or a conditional reference `Type?criteria` (transactions). */
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)(?:\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|\?\S+)$/;
const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;
const URN_UUID = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const RESOURCE_TYPE_NAME = /^[A-Z][A-Za-z]+$/;

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}

/** One validation run: the issues found and where in the resource it is. */
class ResourceWalk {
  readonly issues: ValidationIssue[] = [];
  private readonly path: Array<string | number> = [];
  private containedIds: Set<string> | undefined;
  private localReferences: Array<{ id: string; expression: string }> | undefined;
  private insideContained = false;

  constructor(resourceType: string) {
    this.path.push(resourceType);
  }

  report(code: ValidationIssueCode, diagnostics: string, key?: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ severity: 'error', code, expression: this.expression(key), diagnostics });
  }

  private expression(key?: string): string {
    let text = '';
    for (const part of this.path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
    if (key !== undefined) text += `.${key}`;
    return text;
  }

  object(value: JsonObject, schema: CompiledSchema): void {
    let keyCount = 0;
    // Which choice groups appeared, and under which alternative; allocated only when one does.
    let seenGroups: ChoiceGroup[] | undefined;
    let seenNames: string[] | undefined;
    const noteChoice = (group: ChoiceGroup, name: string, key: string): void => {
      const index = seenGroups ? seenGroups.indexOf(group) : -1;
      if (index === -1) {
        (seenGroups ??= []).push(group);
        (seenNames ??= []).push(name);
      } else if (seenNames![index] !== name) {
        this.report('structure', `Only one of ${group.name} may be present, but both ${seenNames![index]} and ${name} are`, key);
      }
    };

    for (const key in value) {
      keyCount++;
      const item = value[key];
      if (item === undefined || (key === 'resourceType' && schema.kind === 'resource')) continue;
      const element = schema.elements.get(key);
      if (element === undefined) {
        if (schema.loose) {
          this.path.push(key);
          this.untyped(item, key);
          this.path.pop();
          continue;
        }
        const primitive = key.charCodeAt(0) === 95 /* _ */ ? schema.elements.get(key.slice(1)) : undefined;
        if (primitive?.primitive) {
          if (primitive.choice) noteChoice(primitive.choice, primitive.name, key);
          this.path.push(key);
          this.primitiveExtension(primitive, item);
          this.path.pop();
        } else {
          this.report('structure', `Unknown element '${key}' (not in FHIR R4 ${schema.name})`, key);
        }
        continue;
      }
      if (element.choice) noteChoice(element.choice, key, key);
      this.path.push(key);
      this.element(element, item, value);
      this.path.pop();
    }

    if (keyCount === 0) {
      this.report('invalid', 'Empty objects are not allowed (FHIR forbids empty elements)');
      return;
    }
    for (const element of schema.required) {
      if (value[element.name] === undefined && (element.primitive === undefined || value[element.extensionName] === undefined)) {
        this.report('required', `Missing required element '${element.name}'`, element.name);
      }
    }
    for (const group of schema.requiredChoices) {
      if (!seenGroups?.includes(group)) this.report('required', `Missing required element '${group.name}'`, group.name);
    }
    if (schema.special === 'Identifier') this.identifier(value);
    else if (schema.special === 'Extension') this.extension(value, seenGroups !== undefined);
  }

  private element(element: CompiledElement, item: unknown, container: JsonObject): void {
    if (!element.isArray) {
      if (Array.isArray(item)) this.report('structure', `'${element.name}' takes a single value, not an array`);
      else this.single(element, item);
      return;
    }
    if (!Array.isArray(item)) {
      this.report('structure', `'${element.name}' must be an array (it repeats)`);
      return;
    }
    if (item.length === 0) {
      this.report('invalid', 'Empty arrays are not allowed (leave the element out instead)');
      return;
    }
    // A null in a primitive array is a placeholder where only the `_name` sibling has content.
    const nullAllowed = element.primitive !== undefined && container[element.extensionName] !== undefined;
    for (let index = 0; index < item.length; index++) {
      const entry: unknown = item[index];
      if (entry === null && nullAllowed) continue;
      this.path.push(index);
      this.single(element, entry);
      this.path.pop();
    }
  }

  private single(element: CompiledElement, value: unknown): void {
    if (value === null) {
      this.report('invalid', 'null is not allowed (leave the element out instead)');
      return;
    }
    if (element.primitive) {
      if (value === '') {
        this.report('invalid', 'Empty strings are not allowed (leave the element out instead)');
        return;
      }
      const problem = element.primitive(value);
      // Narrative is not quoted back: it may be the very markup refused.
      if (problem !== undefined) this.report('invalid', element.typeName === 'xhtml' ? problem : `${quote(value)} ${problem}`);
      else if (element.codes && !element.codes.has(value as string)) {
        this.report('code-invalid', `${quote(value)} is not one of the allowed codes: ${element.codeList}`);
      }
      return;
    }
    if (!isJsonObject(value)) {
      this.report('structure', `Must be a JSON object (${element.isResource ? 'a resource' : element.typeName}), not ${quote(value)}`);
      return;
    }
    if (element.isResource) {
      this.contained(value);
      return;
    }
    const schema = element.schema!;
    this.object(value, schema);
    if (schema.special === 'Reference') this.reference(value, element);
  }

  private primitiveExtension(primitive: CompiledElement, item: unknown): void {
    const entries = primitive.isArray && Array.isArray(item) ? item : [item];
    if (primitive.isArray !== Array.isArray(item)) {
      this.report('structure', primitive.isArray ? 'Must be an array matching the primitive array it extends' : 'Takes a single object, not an array');
      return;
    }
    if (entries.length === 0) {
      this.report('invalid', 'Empty arrays are not allowed (leave the element out instead)');
      return;
    }
    for (let index = 0; index < entries.length; index++) {
      const entry: unknown = entries[index];
      if (entry === null && primitive.isArray) continue;
      if (primitive.isArray) this.path.push(index);
      if (isJsonObject(entry)) this.object(entry, PRIMITIVE_EXTENSION_SCHEMA);
      else this.report('structure', `Must be a JSON object with id and/or extension, not ${quote(entry)}`);
      if (primitive.isArray) this.path.pop();
    }
  }

  private contained(resource: JsonObject): void {
    if (this.insideContained) {
      this.report('structure', 'A contained resource cannot itself contain resources');
      return;
    }
    const type = resource.resourceType;
    if (typeof type !== 'string' || type === '') {
      this.report('required', 'A contained resource needs a resourceType', 'resourceType');
      return;
    }
    if (typeof resource.id === 'string') (this.containedIds ??= new Set()).add(resource.id);
    const meta = resource.meta;
    if (isJsonObject(meta) && (meta.versionId !== undefined || meta.lastUpdated !== undefined)) {
      this.report('invariant', 'A contained resource has no version or last update of its own: leave out meta.versionId and meta.lastUpdated (R4 dom-4)', 'meta');
    }
    const schema = resourceSchemaOf(type);
    this.insideContained = true;
    // A type not modelled here (a Medication, say) gets FHIR JSON's rules and the narrative rules;
    // its elements and datatypes are checked against R4's StructureDefinitions by the caller.
    if (schema) this.object(resource, schema);
    else this.untyped(resource);
    this.insideContained = false;
  }

  /**
   * JSON with no schema here: FHIR JSON's rules (no null, no empty string, array or object) and
   * narrative (`text.div`) as R4 allows it. A nested `contained` is still refused (dom-2).
   */
  untyped(value: unknown, key?: string | number): void {
    if (value === null) {
      this.report('invalid', 'null is not allowed (leave the element out instead)');
    } else if (value === '') {
      this.report('invalid', 'Empty strings are not allowed (leave the element out instead)');
    } else if (Array.isArray(value)) {
      if (value.length === 0) this.report('invalid', 'Empty arrays are not allowed (leave the element out instead)');
      for (let index = 0; index < value.length; index++) {
        // A null in a primitive array is a placeholder where only the `_name` sibling has content.
        if (value[index] === null) continue;
        this.path.push(index);
        this.untyped(value[index], key);
        this.path.pop();
      }
    } else if (isJsonObject(value)) {
      let empty = true;
      for (const name in value) {
        empty = false;
        if (name === 'contained' && this.insideContained && key === undefined) {
          this.report('structure', 'A contained resource cannot itself contain resources', name);
          continue;
        }
        this.path.push(name);
        const item = value[name];
        if (name === 'div' && key === 'text' && typeof item === 'string') {
          const problem = narrativeProblem(item);
          if (problem !== undefined) this.report('invalid', problem);
        } else {
          this.untyped(item, name);
        }
        this.path.pop();
      }
      if (empty) this.report('invalid', 'Empty objects are not allowed (FHIR forbids empty elements)');
    }
  }

  private reference(value: JsonObject, element: CompiledElement): void {
    const reference = value.reference;
    if (typeof reference === 'string' && reference !== '') {
      if (reference.charCodeAt(0) === 35 /* # */) {
        const id = reference.slice(1);
        if (id !== '' && !ID_PATTERN.test(id)) this.report('invalid', `${quote(reference)} is not a valid local reference (#id)`, 'reference');
        else if (id !== '') (this.localReferences ??= []).push({ id, expression: this.expression('reference') });
      } else {
        const relative = RELATIVE_REFERENCE.exec(reference);
        if (relative) {
          if (element.targets && !element.targets.has(relative[1])) {
            this.report('value', `${quote(reference)} refers to a ${relative[1]}, but '${element.name}' may only refer to ${element.targetList}`, 'reference');
          }
        } else if (!ABSOLUTE_URL.test(reference) && !URN_UUID.test(reference) && !URN_OID.test(reference)) {
          this.report(
            'invalid',
            `${quote(reference)} is not a valid reference: expected Type/id, Type/id/_history/version, urn:uuid:…, #id or an absolute URL`,
            'reference',
          );
        }
      }
    }
    const type = value.type;
    if (typeof type === 'string' && element.targets && RESOURCE_TYPE_NAME.test(type) && !element.targets.has(type)) {
      this.report('value', `'${element.name}' may only refer to ${element.targetList}, not ${type}`, 'type');
    }
  }

  private identifier(value: JsonObject): void {
    const system = value.system;
    const identifierValue = value.value;
    if (typeof system !== 'string' || typeof identifierValue !== 'string' || identifierValue === '') return;
    const problem = checkNorwegianIdentifier(system, identifierValue);
    if (problem !== undefined) this.report('value', problem, 'value');
  }

  private extension(value: JsonObject, hasValue: boolean): void {
    const hasExtensions = value.extension !== undefined;
    if (hasValue && hasExtensions) this.report('structure', 'An extension has either a value[x] or nested extensions, not both');
    else if (!hasValue && !hasExtensions) this.report('structure', 'An extension needs a value[x] or nested extensions');
  }

  /** Local references (#id) must point at a contained resource (R4 invariant ref-1). */
  checkLocalReferences(): void {
    for (const local of this.localReferences ?? []) {
      if (!this.containedIds?.has(local.id) && this.issues.length < MAX_ISSUES) {
        this.issues.push({ severity: 'error', code: 'value', expression: local.expression, diagnostics: `"#${local.id}" refers to no contained resource` });
      }
    }
  }
}

/** True for the resource types {@link validateResource} knows. */
export function isSupportedResourceType(type: unknown): type is ValidatedResourceType {
  return isValidatedResourceType(type);
}

/**
 * Checks a resource against FHIR R4 and the Norwegian identifier rules. Returns every issue found
 * (at most 100), or an empty array if the resource is valid. Never throws for any input.
 */
export function validateResource(resource: unknown, options?: ValidateResourceOptions): ValidationIssue[] {
  if (!isJsonObject(resource)) {
    return [{ severity: 'error', code: 'structure', expression: 'Resource', diagnostics: 'A resource must be a JSON object' }];
  }
  const type = resource.resourceType;
  if (type === undefined || type === null || type === '') {
    return [{ severity: 'error', code: 'required', expression: 'Resource.resourceType', diagnostics: 'Missing resourceType' }];
  }
  const schema = typeof type === 'string' ? resourceSchemaOf(type) : undefined;
  if (schema === undefined) {
    return [
      {
        severity: 'error',
        code: 'not-supported',
        expression: 'Resource.resourceType',
        diagnostics: `resourceType ${quote(type)} is not supported; supported: ${VALIDATED_RESOURCE_TYPES.join(', ')}`,
      },
    ];
  }
  const walk = new ResourceWalk(schema.name);
  if (options?.forUpdateId !== undefined) {
    if (resource.id === undefined) {
      walk.report('required', `An update needs the resource to carry id "${options.forUpdateId}"`, 'id');
    } else if (resource.id !== options.forUpdateId) {
      walk.report('invalid', `The resource id ${quote(resource.id)} does not match the id "${options.forUpdateId}" it is updated under`, 'id');
    }
  }
  walk.object(resource, schema);
  walk.checkLocalReferences();
  for (const index of unreferencedContained(resource)) {
    walk.report(
      'invariant',
      'A contained resource must have an id that something in this resource refers to (#id), or refer to this resource itself (R4 dom-3)',
      `contained[${index}]`,
    );
  }
  return walk.issues;
}
