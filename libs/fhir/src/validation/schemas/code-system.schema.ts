import { ElementSpecs } from '../element-schema';
import { PUBLICATION_STATUS } from '../value-sets';

const PROPERTY_TYPES = ['code', 'Coding', 'string', 'integer', 'boolean', 'dateTime', 'decimal'] as const;

/** CodeSystem.concept, which nests itself (CodeSystem.concept.concept). */
const CONCEPT: { [name: string]: ElementSpecs[string] } = {
  code: { type: 'code', card: '1..1' },
  display: { type: 'string' },
  definition: { type: 'string' },
  designation: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      language: { type: 'code' },
      use: { type: 'Coding' },
      value: { type: 'string', card: '1..1' },
    },
  },
  property: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      code: { type: 'code', card: '1..1' },
      'value[x]': { type: PROPERTY_TYPES, card: '1..1' },
    },
  },
};
CONCEPT.concept = { type: 'BackboneElement', card: '0..*', elements: CONCEPT };

/** CodeSystem (R4 4.0.1). */
export const CODE_SYSTEM: ElementSpecs = {
  url: { type: 'uri' },
  identifier: { type: 'Identifier', card: '0..*' },
  version: { type: 'string' },
  name: { type: 'string' },
  title: { type: 'string' },
  status: { type: 'code', card: '1..1', codes: PUBLICATION_STATUS },
  experimental: { type: 'boolean' },
  date: { type: 'dateTime' },
  publisher: { type: 'string' },
  contact: { type: 'ContactDetail', card: '0..*' },
  description: { type: 'markdown' },
  useContext: { type: 'UsageContext', card: '0..*' },
  jurisdiction: { type: 'CodeableConcept', card: '0..*' },
  purpose: { type: 'markdown' },
  copyright: { type: 'markdown' },
  caseSensitive: { type: 'boolean' },
  valueSet: { type: 'canonical' },
  hierarchyMeaning: { type: 'code', codes: ['grouped-by', 'is-a', 'part-of', 'classified-with'] },
  compositional: { type: 'boolean' },
  versionNeeded: { type: 'boolean' },
  content: { type: 'code', card: '1..1', codes: ['not-present', 'example', 'fragment', 'complete', 'supplement'] },
  supplements: { type: 'canonical' },
  count: { type: 'unsignedInt' },
  filter: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      code: { type: 'code', card: '1..1' },
      description: { type: 'string' },
      operator: {
        type: 'code',
        card: '1..*',
        codes: ['=', 'is-a', 'descendent-of', 'is-not-a', 'regex', 'in', 'not-in', 'generalizes', 'exists'],
      },
      value: { type: 'string', card: '1..1' },
    },
  },
  property: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      code: { type: 'code', card: '1..1' },
      uri: { type: 'uri' },
      description: { type: 'string' },
      type: { type: 'code', card: '1..1', codes: PROPERTY_TYPES },
    },
  },
  concept: { type: 'BackboneElement', card: '0..*', elements: CONCEPT },
};
