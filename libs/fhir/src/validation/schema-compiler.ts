/**
 * Turns the declarative element schemas into lookup structures, once, at module load: one map
 * from JSON property name to element per resource, backbone element and datatype, with choice
 * elements expanded to their concrete names and bindings and reference targets made into sets.
 * Validation then allocates nothing per schema.
 */
import { DATATYPES } from './datatypes';
import { COMPLEX_TYPE_NAMES, ComplexTypeName, ElementSpec, ElementSpecs, TypeName } from './element-schema';
import { PRIMITIVE_CHECKS, PrimitiveCheck, isPrimitiveTypeName } from './primitive-types';
import { RESOURCE_SCHEMAS, ValidatedResourceType } from './resource-schemas';
import { DOMAIN_RESOURCE_ELEMENTS } from './schemas/domain-resource';

export type SchemaKind = 'resource' | 'datatype' | 'backbone';

/** Datatypes with a rule beyond their elements, applied by the validator. */
export type SpecialRule = 'Reference' | 'Identifier' | 'Extension';

/** The alternatives of one choice element (`value[x]`): at most one may appear. */
export interface ChoiceGroup {
  readonly name: string;
  readonly required: boolean;
}

export interface CompiledElement {
  /** The JSON property name (`effectiveDateTime` for one alternative of `effective[x]`). */
  readonly name: string;
  /** `_name`, where a primitive's id and extensions go. */
  readonly extensionName: string;
  readonly typeName: TypeName;
  readonly primitive: PrimitiveCheck | undefined;
  readonly schema: CompiledSchema | undefined;
  readonly isResource: boolean;
  readonly isArray: boolean;
  /** Required on its own; choice alternatives are never, their group may be. */
  readonly required: boolean;
  readonly codes: ReadonlySet<string> | undefined;
  readonly codeList: string | undefined;
  readonly targets: ReadonlySet<string> | undefined;
  readonly targetList: string | undefined;
  readonly choice: ChoiceGroup | undefined;
}

export interface CompiledSchema {
  /** `Task`, `Task.restriction`, `Identifier`. */
  readonly name: string;
  readonly kind: SchemaKind;
  readonly special: SpecialRule | undefined;
  /** Not modelled element by element: any non-empty object passes. */
  readonly loose: boolean;
  readonly elements: Map<string, CompiledElement>;
  readonly required: CompiledElement[];
  readonly requiredChoices: ChoiceGroup[];
}

const ELEMENT_BASE: ElementSpecs = {
  id: { type: 'string' },
  extension: { type: 'Extension', card: '0..*' },
};

const BACKBONE_BASE: ElementSpecs = {
  ...ELEMENT_BASE,
  modifierExtension: { type: 'Extension', card: '0..*' },
};

const SPECIAL_RULES: Partial<Record<ComplexTypeName, SpecialRule>> = {
  Reference: 'Reference',
  Identifier: 'Identifier',
  Extension: 'Extension',
};

function emptySchema(name: string, kind: SchemaKind, special?: SpecialRule, loose = false): CompiledSchema {
  return { name, kind, special, loose, elements: new Map(), required: [], requiredChoices: [] };
}

const datatypeSchemas = new Map<ComplexTypeName, CompiledSchema>();
for (const name of COMPLEX_TYPE_NAMES) {
  datatypeSchemas.set(name, emptySchema(name, 'datatype', SPECIAL_RULES[name], DATATYPES[name].elements === undefined));
}

/** Inline groups being compiled, so CodeSystem.concept.concept can point back at CodeSystem.concept. */
const inProgress = new Map<ElementSpecs, CompiledSchema>();

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function addElement(schema: CompiledSchema, name: string, type: TypeName, spec: ElementSpec, choice: ChoiceGroup | undefined): void {
  if (schema.elements.has(name)) throw new Error(`${schema.name}.${name} is defined twice`);
  const card = spec.card ?? '0..1';
  let nested: CompiledSchema | undefined;
  if (type === 'Element' || type === 'BackboneElement') {
    if (!spec.elements) throw new Error(`${schema.name}.${name} is an inline ${type} without elements`);
    nested = inProgress.get(spec.elements) ?? compileGroup(`${schema.name}.${name}`, 'backbone', type, spec.elements);
  } else if (spec.elements) {
    throw new Error(`${schema.name}.${name} has elements but is a ${type}`);
  } else if (!isPrimitiveTypeName(type) && type !== 'Resource') {
    nested = datatypeSchemas.get(type);
  }
  const element: CompiledElement = {
    name,
    extensionName: `_${name}`,
    typeName: type,
    primitive: isPrimitiveTypeName(type) ? PRIMITIVE_CHECKS[type] : undefined,
    schema: nested,
    isResource: type === 'Resource',
    isArray: card.endsWith('*'),
    required: !choice && card.startsWith('1'),
    codes: spec.codes ? new Set(spec.codes) : undefined,
    codeList: spec.codes?.join(' | '),
    targets: spec.targets && type === 'Reference' ? new Set(spec.targets) : undefined,
    targetList: spec.targets && type === 'Reference' ? spec.targets.join(' | ') : undefined,
    choice,
  };
  schema.elements.set(name, element);
  if (element.required) schema.required.push(element);
}

function fill(schema: CompiledSchema, ...groups: ElementSpecs[]): CompiledSchema {
  for (const specs of groups) {
    for (const [name, spec] of Object.entries(specs)) {
      if (name.endsWith('[x]')) {
        const types = typeof spec.type === 'string' ? [spec.type] : spec.type;
        const group: ChoiceGroup = { name, required: (spec.card ?? '0..1').startsWith('1') };
        if (group.required) schema.requiredChoices.push(group);
        for (const type of types) addElement(schema, name.slice(0, -3) + capitalize(type), type, spec, group);
      } else {
        if (typeof spec.type !== 'string') throw new Error(`${schema.name}.${name} has several types but is not a choice element`);
        addElement(schema, name, spec.type, spec, undefined);
      }
    }
  }
  return schema;
}

function compileGroup(name: string, kind: SchemaKind, base: 'Element' | 'BackboneElement', elements: ElementSpecs): CompiledSchema {
  const schema = emptySchema(name, kind);
  inProgress.set(elements, schema);
  fill(schema, base === 'Element' ? ELEMENT_BASE : BACKBONE_BASE, elements);
  inProgress.delete(elements);
  return schema;
}

for (const [name, schema] of datatypeSchemas) {
  const spec = DATATYPES[name];
  fill(schema, spec.base === 'Element' ? ELEMENT_BASE : BACKBONE_BASE, spec.elements ?? {});
}

const resourceSchemas = new Map<string, CompiledSchema>();
for (const [type, elements] of Object.entries(RESOURCE_SCHEMAS)) {
  resourceSchemas.set(type, fill(emptySchema(type, 'resource'), DOMAIN_RESOURCE_ELEMENTS, elements));
}

/** What a primitive's `_name` sibling holds: an id and extensions. */
export const PRIMITIVE_EXTENSION_SCHEMA: CompiledSchema = compileGroup('Element', 'datatype', 'Element', {});

export function resourceSchemaOf(type: string): CompiledSchema | undefined {
  return resourceSchemas.get(type);
}

export function datatypeSchemaOf(type: ComplexTypeName): CompiledSchema {
  return datatypeSchemas.get(type)!;
}

export function isValidatedResourceType(type: unknown): type is ValidatedResourceType {
  return typeof type === 'string' && resourceSchemas.has(type);
}
