import type { Language } from '../i18n/dictionary';

/** The consultations panel's words, beside it rather than in the shared dictionary: only this panel uses them. */
export const CONSULTATION_PANEL_TEXTS = {
  nb: {
    title: 'Felleskonsultasjoner',
    thisWeek: 'denne uka',
    proposed: 'Foreslått',
    awaiting: 'Venter på svar',
    booked: 'Avtalt',
    held: 'Gjennomført',
    declinedOrCancelled: 'Avslått eller avlyst',
    dischargesWith: 'Utskrivninger med felleskonsultasjon',
    contestedWith: 'Bestridte oppgaver med konsultasjon',
    contestedWithout: 'Bestridte oppgaver uten konsultasjon',
    trend: 'Felleskonsultasjoner per uke',
    byUnit: 'Per sykehusavdeling (12 uker)',
    unit: 'Avdeling',
    unitsEmpty: 'Ingen felleskonsultasjoner de siste tolv ukene.',
  },
  en: {
    title: 'Joint consultations',
    thisWeek: 'this week',
    proposed: 'Proposed',
    awaiting: 'Awaiting answers',
    booked: 'Booked',
    held: 'Held',
    declinedOrCancelled: 'Declined or cancelled',
    dischargesWith: 'Discharges with a joint consultation',
    contestedWith: 'Contested tasks with a consultation',
    contestedWithout: 'Contested tasks without a consultation',
    trend: 'Joint consultations per week',
    byUnit: 'By hospital unit (12 weeks)',
    unit: 'Unit',
    unitsEmpty: 'No joint consultations in the last twelve weeks.',
  },
} satisfies Record<Language, Record<string, string>>;
