/**
 * Bro's categories of tasks transferred from hospital to GP. The codes are stable: the quality
 * team's trends are counted by them, so a code is never renamed or reused.
 */
export const TASK_CATEGORY_SYSTEM = 'urn:bro:task-category';

export const TASK_CATEGORY_CODES = [
  'HENV-VIDERE',
  'REKV-UTR',
  'PROVESVAR',
  'KONTROLL',
  'RESEPT-NY',
  'MED-JUST',
  'LM-UTLEV',
  'SYKMELD',
  'PASREISE',
  'PLL-MULTIDOSE',
  'INFO-MANGEL',
  'ANNET',
] as const;

export type TaskCategoryCode = (typeof TASK_CATEGORY_CODES)[number];

export interface TaskCategory {
  code: TaskCategoryCode;
  display: string;
  displayEn: string;
  definition: string;
  /** Days from discharge to the due date when the hospital gives none (overridable by TASK_DUE_DAYS). */
  defaultDueDays: number;
}

export const TASK_CATEGORIES: Record<TaskCategoryCode, TaskCategory> = {
  'HENV-VIDERE': {
    code: 'HENV-VIDERE',
    display: 'Videre henvisning',
    displayEn: 'Onward referral',
    definition: "Onward referral based on the hospital's findings",
    defaultDueDays: 14,
  },
  'REKV-UTR': {
    code: 'REKV-UTR',
    display: 'Rekvirering av utredning',
    displayEn: 'Lab or imaging order',
    definition: "Lab or imaging that belongs to the hospital's assessment",
    defaultDueDays: 14,
  },
  PROVESVAR: {
    code: 'PROVESVAR',
    display: 'Oppfølging av prøvesvar',
    displayEn: 'Result follow-up',
    definition: 'Follow-up of results the hospital ordered',
    defaultDueDays: 7,
  },
  KONTROLL: {
    code: 'KONTROLL',
    display: 'Kontroll',
    displayEn: 'Check-up',
    definition: 'Check-up planned by the hospital',
    defaultDueDays: 28,
  },
  'RESEPT-NY': {
    code: 'RESEPT-NY',
    display: 'Ny resept eller doseendring',
    displayEn: 'New prescription',
    definition: 'New prescription or dose change',
    defaultDueDays: 3,
  },
  'MED-JUST': {
    code: 'MED-JUST',
    display: 'Dosejustering eller nedtrapping',
    displayEn: 'Dose adjustment',
    definition: 'Dose adjustment or tapering',
    defaultDueDays: 7,
  },
  'LM-UTLEV': {
    code: 'LM-UTLEV',
    display: 'Legemiddel ikke utlevert',
    displayEn: 'Drug not supplied',
    definition: 'Hard-to-get drug not supplied at discharge',
    defaultDueDays: 2,
  },
  SYKMELD: { code: 'SYKMELD', display: 'Sykmelding', displayEn: 'Sick leave', definition: 'Sick leave', defaultDueDays: 3 },
  PASREISE: { code: 'PASREISE', display: 'Pasientreise', displayEn: 'Patient transport', definition: 'Patient transport', defaultDueDays: 7 },
  'PLL-MULTIDOSE': {
    code: 'PLL-MULTIDOSE',
    display: 'PLL/multidose-oppdatering',
    displayEn: 'PLL/multidose update',
    definition: 'Update of the shared medication list (PLL) or e-multidose',
    defaultDueDays: 3,
  },
  'INFO-MANGEL': {
    code: 'INFO-MANGEL',
    display: 'Epikrise mangler',
    displayEn: 'Discharge summary missing',
    definition: 'Discharge summary missing or late',
    defaultDueDays: 2,
  },
  ANNET: { code: 'ANNET', display: 'Annet', displayEn: 'Other', definition: 'Other', defaultDueDays: 14 },
};

export function isTaskCategoryCode(code: unknown): code is TaskCategoryCode {
  return typeof code === 'string' && (TASK_CATEGORY_CODES as readonly string[]).includes(code);
}
