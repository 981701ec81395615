/**
 * FHIR R4 complex datatypes (http://hl7.org/fhir/R4/datatypes.html and metadatatypes.html), in the
 * same element-schema form as the resources. Every type in the open type list is here, so an
 * extension or a Task.input of any type is accepted; the few that Bro never meets (SampledData,
 * Signature, and the knowledge-artifact types) are not modelled element by element: any non-empty
 * object passes for them.
 *
 * Primitive types are in ./primitive-types.
 */
import { ComplexTypeName, DatatypeSpec, ElementSpecs, OPEN_TYPES } from './element-schema';
import { DAYS_OF_WEEK, EVENT_TIMING, UNITS_OF_TIME } from './value-sets';

/** Quantity and the types that profile it (Age, Count, Distance, Duration, SimpleQuantity) share its elements. */
const QUANTITY: ElementSpecs = {
  value: { type: 'decimal' },
  comparator: { type: 'code', codes: ['<', '<=', '>=', '>'] },
  unit: { type: 'string' },
  system: { type: 'uri' },
  code: { type: 'code' },
};

const PERIOD: ElementSpecs = {
  start: { type: 'dateTime' },
  end: { type: 'dateTime' },
};

export const DATATYPES: Readonly<Record<ComplexTypeName, DatatypeSpec>> = {
  Address: {
    base: 'Element',
    elements: {
      use: { type: 'code', codes: ['home', 'work', 'temp', 'old', 'billing'] },
      type: { type: 'code', codes: ['postal', 'physical', 'both'] },
      text: { type: 'string' },
      line: { type: 'string', card: '0..*' },
      city: { type: 'string' },
      district: { type: 'string' },
      state: { type: 'string' },
      postalCode: { type: 'string' },
      country: { type: 'string' },
      period: { type: 'Period' },
    },
  },
  Age: { base: 'Element', elements: QUANTITY },
  Annotation: {
    base: 'Element',
    elements: {
      'author[x]': { type: ['Reference', 'string'], targets: ['Practitioner', 'Patient', 'RelatedPerson', 'Organization'] },
      time: { type: 'dateTime' },
      text: { type: 'markdown', card: '1..1' },
    },
  },
  Attachment: {
    base: 'Element',
    elements: {
      contentType: { type: 'code' },
      language: { type: 'code' },
      data: { type: 'base64Binary' },
      url: { type: 'url' },
      size: { type: 'unsignedInt' },
      hash: { type: 'base64Binary' },
      title: { type: 'string' },
      creation: { type: 'dateTime' },
    },
  },
  CodeableConcept: {
    base: 'Element',
    elements: {
      coding: { type: 'Coding', card: '0..*' },
      text: { type: 'string' },
    },
  },
  Coding: {
    base: 'Element',
    elements: {
      system: { type: 'uri' },
      version: { type: 'string' },
      code: { type: 'code' },
      display: { type: 'string' },
      userSelected: { type: 'boolean' },
    },
  },
  ContactDetail: {
    base: 'Element',
    elements: {
      name: { type: 'string' },
      telecom: { type: 'ContactPoint', card: '0..*' },
    },
  },
  ContactPoint: {
    base: 'Element',
    elements: {
      system: { type: 'code', codes: ['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'] },
      value: { type: 'string' },
      use: { type: 'code', codes: ['home', 'work', 'temp', 'old', 'mobile'] },
      rank: { type: 'positiveInt' },
      period: { type: 'Period' },
    },
  },
  Contributor: { base: 'Element' },
  Count: { base: 'Element', elements: QUANTITY },
  DataRequirement: { base: 'Element' },
  Distance: { base: 'Element', elements: QUANTITY },
  Dosage: {
    base: 'BackboneElement',
    elements: {
      sequence: { type: 'integer' },
      text: { type: 'string' },
      additionalInstruction: { type: 'CodeableConcept', card: '0..*' },
      patientInstruction: { type: 'string' },
      timing: { type: 'Timing' },
      'asNeeded[x]': { type: ['boolean', 'CodeableConcept'] },
      site: { type: 'CodeableConcept' },
      route: { type: 'CodeableConcept' },
      method: { type: 'CodeableConcept' },
      doseAndRate: {
        type: 'Element',
        card: '0..*',
        elements: {
          type: { type: 'CodeableConcept' },
          // SimpleQuantity is a profile on Quantity, so the JSON names are doseQuantity and rateQuantity.
          'dose[x]': { type: ['Range', 'Quantity'] },
          'rate[x]': { type: ['Ratio', 'Range', 'Quantity'] },
        },
      },
      maxDosePerPeriod: { type: 'Ratio' },
      maxDosePerAdministration: { type: 'Quantity' },
      maxDosePerLifetime: { type: 'Quantity' },
    },
  },
  Duration: { base: 'Element', elements: QUANTITY },
  Expression: { base: 'Element' },
  Extension: {
    base: 'Element',
    elements: {
      url: { type: 'uri', card: '1..1' },
      'value[x]': { type: OPEN_TYPES },
    },
  },
  HumanName: {
    base: 'Element',
    elements: {
      use: { type: 'code', codes: ['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden'] },
      text: { type: 'string' },
      family: { type: 'string' },
      given: { type: 'string', card: '0..*' },
      prefix: { type: 'string', card: '0..*' },
      suffix: { type: 'string', card: '0..*' },
      period: { type: 'Period' },
    },
  },
  Identifier: {
    base: 'Element',
    elements: {
      use: { type: 'code', codes: ['usual', 'official', 'temp', 'secondary', 'old'] },
      type: { type: 'CodeableConcept' },
      system: { type: 'uri' },
      value: { type: 'string' },
      period: { type: 'Period' },
      assigner: { type: 'Reference', targets: ['Organization'] },
    },
  },
  Meta: {
    base: 'Element',
    elements: {
      versionId: { type: 'id' },
      lastUpdated: { type: 'instant' },
      source: { type: 'uri' },
      profile: { type: 'canonical', card: '0..*' },
      security: { type: 'Coding', card: '0..*' },
      tag: { type: 'Coding', card: '0..*' },
    },
  },
  Money: {
    base: 'Element',
    elements: {
      value: { type: 'decimal' },
      currency: { type: 'code' },
    },
  },
  Narrative: {
    base: 'Element',
    elements: {
      status: { type: 'code', card: '1..1', codes: ['generated', 'extensions', 'additional', 'empty'] },
      div: { type: 'xhtml', card: '1..1' },
    },
  },
  ParameterDefinition: { base: 'Element' },
  Period: { base: 'Element', elements: PERIOD },
  Quantity: { base: 'Element', elements: QUANTITY },
  Range: {
    base: 'Element',
    elements: {
      low: { type: 'Quantity' },
      high: { type: 'Quantity' },
    },
  },
  Ratio: {
    base: 'Element',
    elements: {
      numerator: { type: 'Quantity' },
      denominator: { type: 'Quantity' },
    },
  },
  Reference: {
    base: 'Element',
    elements: {
      reference: { type: 'string' },
      type: { type: 'uri' },
      identifier: { type: 'Identifier' },
      display: { type: 'string' },
    },
  },
  RelatedArtifact: { base: 'Element' },
  SampledData: { base: 'Element' },
  Signature: { base: 'Element' },
  Timing: {
    base: 'BackboneElement',
    elements: {
      event: { type: 'dateTime', card: '0..*' },
      repeat: {
        type: 'Element',
        elements: {
          'bounds[x]': { type: ['Duration', 'Range', 'Period'] },
          count: { type: 'positiveInt' },
          countMax: { type: 'positiveInt' },
          duration: { type: 'decimal' },
          durationMax: { type: 'decimal' },
          durationUnit: { type: 'code', codes: UNITS_OF_TIME },
          frequency: { type: 'positiveInt' },
          frequencyMax: { type: 'positiveInt' },
          period: { type: 'decimal' },
          periodMax: { type: 'decimal' },
          periodUnit: { type: 'code', codes: UNITS_OF_TIME },
          dayOfWeek: { type: 'code', card: '0..*', codes: DAYS_OF_WEEK },
          timeOfDay: { type: 'time', card: '0..*' },
          when: { type: 'code', card: '0..*', codes: EVENT_TIMING },
          offset: { type: 'unsignedInt' },
        },
      },
      code: { type: 'CodeableConcept' },
    },
  },
  TriggerDefinition: { base: 'Element' },
  UsageContext: {
    base: 'Element',
    elements: {
      code: { type: 'Coding', card: '1..1' },
      'value[x]': {
        type: ['CodeableConcept', 'Quantity', 'Range', 'Reference'],
        card: '1..1',
        targets: ['PlanDefinition', 'ResearchStudy', 'InsurancePlan', 'HealthcareService', 'Group', 'Location', 'Organization'],
      },
    },
  },
};
