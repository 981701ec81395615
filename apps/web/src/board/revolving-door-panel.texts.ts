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
    // A recent week's readmissions can still come in (30 days after its discharges): its share may rise.
    incomplete: '(kan ennå øke)',
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
    incomplete: '(may still rise)',
  },
} satisfies Record<Language, Record<string, string>>;
