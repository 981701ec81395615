import type { Language } from '../i18n/dictionary';

/** The quality report's words for its CSV files, charts and stale figures, beside the page rather than in the shared dictionary. */
export const QUALITY_REPORT_TEXTS = {
  nb: {
    csvFormat: 'CSV-format',
    formats: { excel: 'Excel (norsk: semikolon, desimalkomma)', standard: 'Power BI og andre (komma, desimalpunktum)' },
    csvHelp: 'Hver tabell lastes ned som sin egen fil. Tall for færre enn 5 pasienter står tomme og er merket i kolonnen «undertrykt».',
    downloadTable: 'Last ned CSV',
    downloadTableOf: (table: string) => `Last ned CSV: ${table}`,
    downloading: 'Laster ned …',
    staleFigures: (period: string) => `Tallene under gjelder forrige utvalg (${period}), ikke filtrene som er valgt nå.`,
    loadingNew: 'Henter tall for det nye utvalget …',
    contestedShare: 'Andel bestridt',
    contestedShareTrend: 'Andel bestridt per uke (%)',
    medianTrend: 'Median timer til aksept per uke',
    chartTable: 'Tallene i diagrammet',
    noDataYet: 'Ingen uker med tall ennå.',
    chosenOffice: 'det valgte legekontoret',
  },
  en: {
    csvFormat: 'CSV format',
    formats: { excel: 'Excel (Norwegian: semicolon, decimal comma)', standard: 'Power BI and others (comma, decimal point)' },
    csvHelp: 'Each table downloads as a file of its own. Counts about fewer than 5 patients are empty and flagged in the "suppressed" column.',
    downloadTable: 'Download CSV',
    downloadTableOf: (table: string) => `Download CSV: ${table}`,
    downloading: 'Downloading …',
    staleFigures: (period: string) => `The figures below are for the previous selection (${period}), not the filters chosen now.`,
    loadingNew: 'Fetching figures for the new selection …',
    contestedShare: 'Share contested',
    contestedShareTrend: 'Share contested per week (%)',
    medianTrend: 'Median hours to accept per week',
    chartTable: 'The numbers in the chart',
    noDataYet: 'No weeks with figures yet.',
    chosenOffice: 'the chosen GP office',
  },
} satisfies Record<Language, unknown>;
