import type { BERGEN_BOROUGHS } from '@app/fhir';

export type BergenBorough = (typeof BERGEN_BOROUGHS)[number];

/**
 * Bergen's districts with a postcode and a few street names each: where the synthetic GP offices
 * sit and the synthetic patients live. Plausible, not a gazetteer.
 */
export interface BergenDistrict {
  name: string;
  /** The bydel it lies in: what the directory's `address.district` holds. */
  borough: BergenBorough;
  postalCode: string;
  streets: readonly string[];
}

export const BERGEN_DISTRICTS: readonly BergenDistrict[] = [
  { name: 'Sentrum', borough: 'Bergenhus', postalCode: '5015', streets: ['Kaigaten', 'Nygårdsgaten', 'Olav Kyrres gate'] },
  { name: 'Nordnes', borough: 'Bergenhus', postalCode: '5005', streets: ['Haugeveien', 'Strangehagen'] },
  { name: 'Møhlenpris', borough: 'Bergenhus', postalCode: '5006', streets: ['Konsul Børs gate', 'Welhavens gate'] },
  { name: 'Nygårdshøyden', borough: 'Bergenhus', postalCode: '5007', streets: ['Sydneshaugen', 'Parkveien'] },
  { name: 'Sandviken', borough: 'Bergenhus', postalCode: '5035', streets: ['Sandviksveien', 'Ladegårdsgaten'] },
  { name: 'Kalfaret', borough: 'Bergenhus', postalCode: '5018', streets: ['Kalfarveien', 'Fjellveien'] },
  { name: 'Årstad', borough: 'Årstad', postalCode: '5009', streets: ['Årstadveien', 'Haukelandsveien'] },
  { name: 'Danmarksplass', borough: 'Årstad', postalCode: '5058', streets: ['Fjøsangerveien', 'Inndalsveien'] },
  { name: 'Landås', borough: 'Årstad', postalCode: '5089', streets: ['Landåssvingen', 'Slettebakksveien'] },
  { name: 'Minde', borough: 'Årstad', postalCode: '5068', streets: ['Mindeveien', 'Kirkeveien'] },
  { name: 'Paradis', borough: 'Fana', postalCode: '5232', streets: ['Hardangervegen', 'Paradisleitet'] },
  { name: 'Nesttun', borough: 'Fana', postalCode: '5221', streets: ['Nesttunvegen', 'Østre Nesttunvegen'] },
  { name: 'Fana', borough: 'Fana', postalCode: '5244', streets: ['Fanavegen', 'Stendevegen'] },
  { name: 'Rådal', borough: 'Ytrebygda', postalCode: '5239', streets: ['Rådalslien', 'Lagunevegen'] },
  { name: 'Kokstad', borough: 'Ytrebygda', postalCode: '5257', streets: ['Kokstadvegen', 'Kokstadflaten'] },
  { name: 'Sandsli', borough: 'Ytrebygda', postalCode: '5254', streets: ['Sandslimarka', 'Sandslihaugen'] },
  { name: 'Ytrebygda', borough: 'Ytrebygda', postalCode: '5258', streets: ['Blomsterdalsvegen', 'Lyngbøvegen'] },
  { name: 'Fyllingsdalen', borough: 'Fyllingsdalen', postalCode: '5147', streets: ['Folke Bernadottes vei', 'Krokatjønnveien'] },
  { name: 'Loddefjord', borough: 'Laksevåg', postalCode: '5171', streets: ['Loddefjordveien', 'Vadmyrveien'] },
  { name: 'Olsvik', borough: 'Laksevåg', postalCode: '5183', streets: ['Olsvikåsen', 'Olsvikveien'] },
  { name: 'Godvik', borough: 'Laksevåg', postalCode: '5184', streets: ['Godvikveien', 'Stongafjellsvegen'] },
  { name: 'Laksevåg', borough: 'Laksevåg', postalCode: '5160', streets: ['Kringsjåveien', 'Lyderhornsveien'] },
  { name: 'Bønes', borough: 'Fyllingsdalen', postalCode: '5154', streets: ['Bønesveien', 'Liaskjenet'] },
  { name: 'Åsane', borough: 'Åsane', postalCode: '5116', streets: ['Åsamyrane', 'Myrdalsvegen'] },
  { name: 'Eidsvåg', borough: 'Åsane', postalCode: '5105', streets: ['Eidsvågveien', 'Rolland'] },
  { name: 'Tertnes', borough: 'Åsane', postalCode: '5113', streets: ['Tertnesveien', 'Tertnesflaten'] },
  { name: 'Ulset', borough: 'Åsane', postalCode: '5117', streets: ['Ulsetstølen', 'Hesthaugvegen'] },
  { name: 'Flaktveit', borough: 'Åsane', postalCode: '5136', streets: ['Flaktveitvegen', 'Hylkjeflaten'] },
  { name: 'Salhus', borough: 'Åsane', postalCode: '5107', streets: ['Salhusvegen', 'Tarlebøvegen'] },
  { name: 'Indre Arna', borough: 'Arna', postalCode: '5262', streets: ['Arnavegen', 'Gamle Arnavegen'] },
  { name: 'Ytre Arna', borough: 'Arna', postalCode: '5265', streets: ['Ytre Arnavegen', 'Garnesvegen'] },
  { name: 'Natland', borough: 'Årstad', postalCode: '5098', streets: ['Natlandsveien', 'Storhaugen'] },
];

export function districtNamed(name: string): BergenDistrict {
  const district = BERGEN_DISTRICTS.find((candidate) => candidate.name === name);
  if (!district) throw new Error(`no Bergen district named ${name}`);
  return district;
}

/** What GP offices in Bergen tend to call themselves after their district. */
export const GP_OFFICE_SUFFIXES = ['legesenter', 'legekontor', 'legegruppe', 'allmennlegepraksis'] as const;
