/**
 * Common Norwegian given names and surnames (and a few for the D-nummer holders, who are mostly
 * foreign workers). Combined at random they make synthetic people, not real ones.
 */
export const FEMALE_GIVEN_NAMES = [
  'Anne', 'Inger', 'Kari', 'Marit', 'Ingrid', 'Liv', 'Eva', 'Berit', 'Astrid', 'Bjørg', 'Hilde', 'Anna',
  'Solveig', 'Marianne', 'Randi', 'Ida', 'Nina', 'Maria', 'Elisabeth', 'Kristin', 'Silje', 'Nora', 'Emma',
  'Sofie', 'Ingeborg', 'Sigrid', 'Tone', 'Hanne', 'Camilla', 'Mari', 'Ragnhild', 'Gunn', 'Heidi', 'Julie',
  'Thea', 'Maja', 'Ella', 'Olivia', 'Synnøve', 'Torill', 'Siri', 'Gerd', 'Aud', 'Brita', 'Oddny', 'Malin',
] as const;

export const MALE_GIVEN_NAMES = [
  'Jan', 'Per', 'Bjørn', 'Ole', 'Lars', 'Kjell', 'Knut', 'Arne', 'Svein', 'Hans', 'Geir', 'Thomas', 'Tor',
  'Morten', 'Terje', 'Odd', 'Erik', 'Martin', 'Andreas', 'Rune', 'Trond', 'John', 'Harald', 'Olav', 'Jon',
  'Anders', 'Magnus', 'Jonas', 'Kristian', 'Henrik', 'Sindre', 'Eirik', 'Håkon', 'Emil', 'Noah', 'Oskar',
  'Jakob', 'Filip', 'Leif', 'Arild', 'Gunnar', 'Ola', 'Sverre', 'Asbjørn', 'Ivar', 'Steinar',
] as const;

export const SURNAMES = [
  'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen',
  'Karlsen', 'Johnsen', 'Pettersen', 'Eriksen', 'Berg', 'Haugen', 'Hagen', 'Johannessen', 'Andreassen',
  'Jacobsen', 'Dahl', 'Halvorsen', 'Henriksen', 'Lund', 'Sørensen', 'Moen', 'Gundersen', 'Iversen',
  'Strand', 'Solberg', 'Svendsen', 'Eide', 'Knutsen', 'Martinsen', 'Paulsen', 'Bakke', 'Mathisen', 'Lie',
  'Brekke', 'Vik', 'Nordhus', 'Tveit', 'Myklebust', 'Hauge', 'Helland', 'Lunde', 'Sandvik', 'Mjelde',
  'Hjelle', 'Fosse', 'Bjørnestad', 'Kvamme', 'Skage', 'Eikeland', 'Hope', 'Kvinge', 'Rong', 'Tysse',
  'Steinsland', 'Gjerde', 'Nygård', 'Øvretveit', 'Totland', 'Instebø', 'Sæle', 'Fjeldstad', 'Aase',
] as const;

export const FOREIGN_FEMALE_GIVEN_NAMES = ['Agnieszka', 'Katarzyna', 'Ona', 'Rūta', 'Ioana', 'Elena', 'Annika', 'Aino'] as const;
export const FOREIGN_MALE_GIVEN_NAMES = ['Piotr', 'Tomasz', 'Marek', 'Mindaugas', 'Andrei', 'Mihai', 'Johan', 'Mikko'] as const;
export const FOREIGN_SURNAMES = ['Nowak', 'Wójcik', 'Zieliński', 'Popescu', 'Ionescu', 'Svensson', 'Lindqvist', 'Virtanen', 'Horvat', 'Novák'] as const;

const FEMALE = new Set<string>(FEMALE_GIVEN_NAMES);
const MALE = new Set<string>(MALE_GIVEN_NAMES);

/** The administrative gender a demo user's first name suggests ("Kari Fastlege" → female). */
export function genderOfGivenName(given: string): 'female' | 'male' | 'unknown' {
  if (FEMALE.has(given)) return 'female';
  if (MALE.has(given)) return 'male';
  return 'unknown';
}

/** "Kari Fastlege" → given [Kari], family Fastlege; "Anne Marie Berg" → given [Anne, Marie]. */
export function splitFullName(fullName: string): { given: string[]; family: string } {
  const parts = fullName.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.pop()! : '';
  return { given: parts, family };
}
