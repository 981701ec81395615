import type { Language } from '../i18n/dictionary';

/** The quality dashboard's revolving-door words, beside the figures rather than in the shared dictionary. */
export const REVOLVING_DOOR_FIGURES_TEXTS = {
  nb: {
    title: 'Svingdørspasienter (67 år og eldre)',
    lead: (scope: string | undefined) =>
      `Nasjonal kvalitetsindikator (Helsedirektoratet): utskrivninger av pasienter 67 år og eldre, og hvor mange som ble akutt innlagt igjen mellom 8 timer og 30 dager etter utskrivning, på oppholdene Bro kjenner${scope ? ` – ${scope}` : ' – hele kommunen'}. Små tall vises som «<5».`,
    totals: 'Sum for perioden',
    discharges: 'Utskrivninger',
    readmitted: 'Akutt reinnlagt',
    rate: 'Andel reinnlagt',
    patients: 'Svingdørspasienter',
    withJoint: 'Med felleskonsultasjon',
    withoutJoint: 'Uten felleskonsultasjon',
    weeksTable: 'Per uke',
    week: 'Uke',
    weekStart: 'Uka starter',
    open: 'kan ennå øke',
    byUnit: 'Per sykehusavdeling (utskrivende avdeling)',
    unit: 'Avdeling',
    trend: 'Andel reinnlagt per uke',
    period: (from: string, to: string) => `Perioden ${from} – ${to}`,
  },
  en: {
    title: 'Revolving-door patients (67 and over)',
    lead: (scope: string | undefined) =>
      `National quality indicator (Norwegian Directorate of Health): discharges of patients aged 67 or more, and how many were acutely readmitted between 8 hours and 30 days after the discharge, on the stays Bro holds${scope ? ` – ${scope}` : ' – the whole municipality'}. Small counts show as “<5”.`,
    totals: 'Totals for the period',
    discharges: 'Discharges',
    readmitted: 'Acutely readmitted',
    rate: 'Share readmitted',
    patients: 'Revolving-door patients',
    withJoint: 'With a joint consultation',
    withoutJoint: 'Without a joint consultation',
    weeksTable: 'Per week',
    week: 'Week',
    weekStart: 'Week starts',
    open: 'may still grow',
    byUnit: 'Per hospital unit (discharging unit)',
    unit: 'Unit',
    trend: 'Share readmitted per week',
    period: (from: string, to: string) => `Period ${from} – ${to}`,
  },
} satisfies Record<Language, Record<string, unknown>>;
