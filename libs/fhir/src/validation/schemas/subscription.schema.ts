import { ElementSpecs } from '../element-schema';

/** Subscription (R4 4.0.1). */
export const SUBSCRIPTION: ElementSpecs = {
  status: { type: 'code', card: '1..1', codes: ['requested', 'active', 'error', 'off'] },
  contact: { type: 'ContactPoint', card: '0..*' },
  end: { type: 'instant' },
  reason: { type: 'string', card: '1..1' },
  criteria: { type: 'string', card: '1..1' },
  error: { type: 'string' },
  channel: {
    type: 'BackboneElement',
    card: '1..1',
    elements: {
      type: { type: 'code', card: '1..1', codes: ['rest-hook', 'websocket', 'email', 'sms', 'message'] },
      endpoint: { type: 'url' },
      // Bound (required) to BCP 13 mime types, which cannot be listed here.
      payload: { type: 'code' },
      header: { type: 'string', card: '0..*' },
    },
  },
};
