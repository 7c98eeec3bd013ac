// The words generated contacts are made of (names, areas, tags, statuses) and their phone numbers:
// shared by the demo org, the scale benchmark's tenant and the benchmark's queries.

export const FIRST = [
  "Camille",
  "Louis",
  "Emma",
  "Hugo",
  "Léa",
  "Jules",
  "Chloé",
  "Lucas",
  "Manon",
  "Gabriel",
  "Inès",
  "Arthur",
  "Jade",
  "Nathan",
  "Alice",
  "Noah",
  "Zoé",
  "Ethan",
  "Sarah",
  "Paul",
  "Olivia",
  "Liam",
  "Mia",
  "Adam",
  "Ava",
  "Sam",
  "Nina",
  "Tom",
  "Lily",
  "Max",
];
export const LAST = [
  "Martin",
  "Bernard",
  "Dubois",
  "Thomas",
  "Robert",
  "Richard",
  "Petit",
  "Durand",
  "Leroy",
  "Moreau",
  "Simon",
  "Laurent",
  "Lefebvre",
  "Michel",
  "Garcia",
  "David",
  "Bertrand",
  "Roux",
  "Vincent",
  "Fournier",
  "Morel",
  "Girard",
  "Andre",
  "Mercier",
  "Dupont",
  "Lambert",
  "Bonnet",
  "Francois",
  "Martinez",
  "Legrand",
];
export const AREAS = [
  "Harbour",
  "Old Town",
  "Seafront",
  "Hillside",
  "Station Quarter",
  "Marina",
  "Parkside",
  "Riverside",
];
/** Second tags, for one contact in three (the first tag is what the conversation showed). */
export const QUALIFIERS = ["vip", "investor", "first-time", "relocating"];
/** Where a lead stands when its scenario does not say (customers and lost leads are scenarios). */
export const STATUSES = ["new", "contacted", "qualified"];
/** Weekdays in French, for the French-speaking caller (to_char's day names follow lc_time). */
export const JOURS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/** The phone of generated contact number `i` (French mobiles: 06 00 00 00 01 …). */
export const largePhone = (i: number) => `+336${String(i).padStart(8, "0")}`;
