import type { Language } from '../i18n/dictionary';

/** The revolving-door panel's words, beside it rather than in the shared dictionary: only it uses them. */
export const REVOLVING_DOOR_PANEL_TEXTS = {
  nb: {
    title: 'Svingdørspasienter (67 år og eldre)',
    last30Days: 'siste 30 dager',
    discharges: 'Utskrivninger',
    readmitted: 'Akutt reinnlagt innen 30 dager',
    rate: 'Andel reinnlagt',
    patients: 'Svingdørspasienter',
    withJoint: 'Med felles konsultasjon',
    withoutJoint: 'Uten felles konsultasjon',
    trend: 'Andel reinnlagt per uke',
    incomplete: '(uka er ikke avsluttet)',
  },
  en: {
    title: 'Revolving-door patients (67 and over)',
    last30Days: 'last 30 days',
    discharges: 'Discharges',
    readmitted: 'Acutely readmitted within 30 days',
    rate: 'Share readmitted',
    patients: 'Revolving-door patients',
    withJoint: 'With a joint consultation',
    withoutJoint: 'Without a joint consultation',
    trend: 'Share readmitted per week',
    incomplete: '(still open)',
  },
} satisfies Record<Language, Record<string, string>>;
