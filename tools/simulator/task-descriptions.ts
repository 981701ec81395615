/**
 * What a discharging hospital doctor writes in a transferred task, per category, in the Norwegian of
 * a real discharge summary. Synthetic text: no patient is named or identifiable in it.
 */
import { TaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';

export const TASK_DESCRIPTIONS: Readonly<Record<TaskCategoryCode, readonly string[]>> = {
  'HENV-VIDERE': [
    'Henvis til poliklinisk koloskopi innen 4 uker grunnet jernmangelanemi uten kjent årsak.',
    'Henvis til øyelege for vurdering av diabetisk retinopati, ikke undersøkt siste 2 år.',
    'Henvis til fysioterapi for gangtrening etter hoftefraktur.',
    'Henvis til hjerterehabilitering etter hjerteinfarkt.',
  ],
  'REKV-UTR': [
    'Rekvirer CT thorax om 3 måneder for kontroll av lungeinfiltrat.',
    'Rekvirer ekkokardiografi for vurdering av hjertesvikt, ikke rukket under oppholdet.',
    'Rekvirer ultralyd abdomen for kontroll av gallestein.',
  ],
  PROVESVAR: [
    'Kontroll av Hb, CRP og kreatinin om 1 uke. Vurder videre behandling ved stigende CRP.',
    'Følg opp blodkultursvar som ikke var klart ved utskrivelse.',
    'Kontroll av natrium om 3 dager etter seponering av diuretika.',
    'Følg opp histologisvar fra biopsi tatt under oppholdet; svar forventes om 2 uker.',
    'Kontroller INR om 5 dager og juster warfarindosen.',
  ],
  KONTROLL: [
    'Kontroll hos fastlege om 2 uker: blodtrykk, vekt og ødemer.',
    'Klinisk kontroll om 4 uker etter pneumoni, med ny røntgen thorax ved vedvarende symptomer.',
    'Sårkontroll og fjerning av sting 10–12 dager etter operasjon.',
    'Kontroll av blodsukker og HbA1c om 3 måneder etter oppstart av insulin.',
  ],
  'RESEPT-NY': [
    'Forskriv apixaban 5 mg x 2, oppstartet under oppholdet for nyoppdaget atrieflimmer.',
    'Ny resept på metoprolol 50 mg x 1; dosen er økt fra 25 mg.',
    'Forskriv furosemid 40 mg x 1; ny behandling for hjertesvikt.',
    'Forskriv antibiotikakur (amoksicillin) til totalt 10 dager; 4 dager gjenstår.',
  ],
  'MED-JUST': [
    'Trapp ned prednisolon med 5 mg per uke til seponering.',
    'Juster furosemiddosen etter vekt: øk ved vektøkning over 2 kg.',
    'Vurder å redusere antihypertensiva ved systolisk blodtrykk under 110.',
  ],
  'LM-UTLEV': [
    'Lavmolekylært heparin ikke utlevert ved utskrivelse; sørg for at pasienten får det innen 2 dager.',
    'Registreringsfritatt legemiddel må søkes om; søknad ikke sendt fra sykehuset.',
  ],
  SYKMELD: [
    'Sykmelding videre fra utskrivelsesdato, forventet 3 uker.',
    'Vurder forlenget sykmelding ved kontroll; sykmeldt 2 uker fra sykehuset.',
  ],
  PASREISE: ['Pasienten trenger rekvisisjon for pasientreise til poliklinisk kontroll.', 'Bestill drosje til kontroll; pasienten kan ikke reise kollektivt.'],
  'PLL-MULTIDOSE': [
    'Oppdater legemiddellisten i PLL etter endringer under oppholdet.',
    'Endre multidoseordningen: metformin er seponert, apixaban er nytt.',
  ],
  'INFO-MANGEL': ['Epikrise ikke ferdigstilt ved utskrivelse; sendes innen 3 dager.', 'Foreløpig epikrise; endelig epikrise ettersendes.'],
  ANNET: ['Pasienten ønsker samtale med fastlege om videre behandlingsønsker.', 'Vurder behov for hjemmesykepleie etter utskrivelse.'],
};

export function describeTask(random: SeededRandom, category: TaskCategoryCode): string {
  return random.pick(TASK_DESCRIPTIONS[category]);
}
