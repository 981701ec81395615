/**
 * The declarative form every resource and complex datatype is written in: element name, type(s),
 * cardinality, required code binding, allowed reference targets, and nested backbone elements.
 * It mirrors the R4 StructureDefinitions closely enough to be checked against them by eye.
 */
import { PrimitiveTypeName } from './primitive-types';

export const COMPLEX_TYPE_NAMES = [
  'Address',
  'Age',
  'Annotation',
  'Attachment',
  'CodeableConcept',
  'Coding',
  'ContactDetail',
  'ContactPoint',
  'Contributor',
  'Count',
  'DataRequirement',
  'Distance',
  'Dosage',
  'Duration',
  'Expression',
  'Extension',
  'HumanName',
  'Identifier',
  'Meta',
  'Money',
  'Narrative',
  'ParameterDefinition',
  'Period',
  'Quantity',
  'Range',
  'Ratio',
  'Reference',
  'RelatedArtifact',
  'SampledData',
  'Signature',
  'Timing',
  'TriggerDefinition',
  'UsageContext',
] as const;

export type ComplexTypeName = (typeof COMPLEX_TYPE_NAMES)[number];

/**
 * `Element` and `BackboneElement` (with `elements`) declare a nested group inline, as
 * Timing.repeat and Task.restriction are; `Resource` is a contained resource.
 */
export type TypeName = PrimitiveTypeName | ComplexTypeName | 'Element' | 'BackboneElement' | 'Resource';

export type Cardinality = '0..1' | '1..1' | '0..*' | '1..*';

export interface ElementSpec {
  /**
   * The element's type. For a choice element, named `something[x]`, the allowed types in the
   * order R4 lists them; each becomes its own JSON property (`effective[x]` with
   * `['dateTime', 'Period']` allows `effectiveDateTime` and `effectivePeriod`).
   */
  readonly type: TypeName | readonly TypeName[];
  /** Defaults to `0..1`. */
  readonly card?: Cardinality;
  /** The codes of a required binding. Only required bindings belong here. */
  readonly codes?: readonly string[];
  /** Reference(A | B) targets; absent means Reference(Any). */
  readonly targets?: readonly string[];
  /** The child elements of an inline `Element` or `BackboneElement`. */
  readonly elements?: ElementSpecs;
}

export type ElementSpecs = { readonly [name: string]: ElementSpec };

/** A complex datatype: what it derives from, and its elements (absent: not modelled here, any non-empty object passes). */
export interface DatatypeSpec {
  readonly base: 'Element' | 'BackboneElement';
  readonly elements?: ElementSpecs;
}

/** Every R4 datatype, in the order of the open type list: what Extension.value[x] and Task.input.value[x] accept. */
export const OPEN_TYPES: readonly TypeName[] = [
  'base64Binary',
  'boolean',
  'canonical',
  'code',
  'date',
  'dateTime',
  'decimal',
  'id',
  'instant',
  'integer',
  'markdown',
  'oid',
  'positiveInt',
  'string',
  'time',
  'unsignedInt',
  'uri',
  'url',
  'uuid',
  'Address',
  'Age',
  'Annotation',
  'Attachment',
  'CodeableConcept',
  'Coding',
  'ContactPoint',
  'Count',
  'Distance',
  'Duration',
  'HumanName',
  'Identifier',
  'Money',
  'Period',
  'Quantity',
  'Range',
  'Ratio',
  'Reference',
  'SampledData',
  'Signature',
  'Timing',
  'ContactDetail',
  'Contributor',
  'DataRequirement',
  'Expression',
  'ParameterDefinition',
  'RelatedArtifact',
  'TriggerDefinition',
  'UsageContext',
  'Dosage',
  'Meta',
];
