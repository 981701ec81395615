import { ElementSpecs } from '../element-schema';

/** The elements every resource here has from Resource and DomainResource. */
export const DOMAIN_RESOURCE_ELEMENTS: ElementSpecs = {
  id: { type: 'id' },
  meta: { type: 'Meta' },
  implicitRules: { type: 'uri' },
  language: { type: 'code' },
  text: { type: 'Narrative' },
  contained: { type: 'Resource', card: '0..*' },
  extension: { type: 'Extension', card: '0..*' },
  modifierExtension: { type: 'Extension', card: '0..*' },
};
