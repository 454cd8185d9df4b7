/**
 * The demo school: Cedar Grove School, grades 5 and 6 mathematics. Names are invented but
 * plausible for a diverse public school; nobody real is described.
 */

export const DEMO_PASSWORD = "pathwise-demo";
export const DEMO_EMAIL_DOMAIN = "cedargrove.example";

export const DEMO_ORGANIZATION = { name: "Cedar Grove Unified School District", slug: "cedar-grove" };
export const DEMO_SCHOOL = "Cedar Grove School";
export const DEMO_TERM = { name: "2026–27 School Year", startsOn: "2026-08-24", endsOn: "2027-06-11" };

export const DEMO_ADMIN = { givenName: "Priya", familyName: "Natarajan" };

export const DEMO_CLASSES = [
  { name: "Grade 5 Math · Room 12", grade: "05", teacher: { givenName: "Amara", familyName: "Okafor" } },
  { name: "Grade 6 Math · Room 7", grade: "06", teacher: { givenName: "Daniel", familyName: "Reyes" } },
] as const;

/** Twenty learners per class; each guardian shares the learner's family name unless given. */
export const DEMO_LEARNERS: {
  givenName: string;
  familyName: string;
  guardian: string;
  relationship: string;
}[][] = [
  [
    { givenName: "Mateo", familyName: "Hernández", guardian: "Lucía", relationship: "mother" },
    { givenName: "Aaliyah", familyName: "Johnson", guardian: "Marcus", relationship: "father" },
    { givenName: "Wei", familyName: "Chen", guardian: "Lin", relationship: "mother" },
    { givenName: "Sofia", familyName: "Rossi", guardian: "Giulia", relationship: "mother" },
    { givenName: "Elijah", familyName: "Brooks", guardian: "Denise", relationship: "grandmother" },
    { givenName: "Amina", familyName: "Yusuf", guardian: "Hassan", relationship: "father" },
    { givenName: "Liam", familyName: "O'Brien", guardian: "Siobhan", relationship: "mother" },
    { givenName: "Camila", familyName: "Torres", guardian: "Alejandro", relationship: "father" },
    { givenName: "Noah", familyName: "Williams", guardian: "Keisha", relationship: "mother" },
    { givenName: "Hana", familyName: "Kim", guardian: "Ji-woo", relationship: "mother" },
    { givenName: "Ethan", familyName: "Nguyen", guardian: "Thanh", relationship: "father" },
    { givenName: "Zoe", familyName: "Martin", guardian: "Claire", relationship: "mother" },
    { givenName: "Diego", familyName: "Ramírez", guardian: "Rosa", relationship: "aunt" },
    { givenName: "Ava", familyName: "Thompson", guardian: "Greg", relationship: "father" },
    { givenName: "Omar", familyName: "Haddad", guardian: "Leila", relationship: "mother" },
    { givenName: "Isabella", familyName: "García", guardian: "Fernando", relationship: "father" },
    { givenName: "Jayden", familyName: "Carter", guardian: "Tanya", relationship: "mother" },
    { givenName: "Priyanka", familyName: "Shah", guardian: "Rakesh", relationship: "father" },
    { givenName: "Lucas", familyName: "Silva", guardian: "Beatriz", relationship: "mother" },
    { givenName: "Maya", familyName: "Begay", guardian: "Loretta", relationship: "grandmother" },
  ],
  [
    { givenName: "Gabriel", familyName: "Morales", guardian: "Ana", relationship: "mother" },
    { givenName: "Chloe", familyName: "Anderson", guardian: "Mark", relationship: "father" },
    { givenName: "Arjun", familyName: "Patel", guardian: "Meera", relationship: "mother" },
    { givenName: "Emily", familyName: "Walsh", guardian: "Kevin", relationship: "father" },
    { givenName: "Kofi", familyName: "Mensah", guardian: "Abena", relationship: "mother" },
    { givenName: "Valentina", familyName: "López", guardian: "Carmen", relationship: "mother" },
    { givenName: "Benjamin", familyName: "Cohen", guardian: "Rachel", relationship: "mother" },
    { givenName: "Yuki", familyName: "Tanaka", guardian: "Hiroshi", relationship: "father" },
    { givenName: "Isaiah", familyName: "Robinson", guardian: "Angela", relationship: "mother" },
    { givenName: "Fatima", familyName: "Ali", guardian: "Samir", relationship: "father" },
    { givenName: "Samuel", familyName: "Jackson", guardian: "Brenda", relationship: "legal_guardian" },
    { givenName: "Emma", familyName: "Schmidt", guardian: "Katrin", relationship: "mother" },
    { givenName: "Adrián", familyName: "Castillo", guardian: "Jorge", relationship: "father" },
    { givenName: "Layla", familyName: "Ahmed", guardian: "Nadia", relationship: "mother" },
    { givenName: "Owen", familyName: "Murphy", guardian: "Sean", relationship: "father" },
    { givenName: "Mei", familyName: "Wong", guardian: "Alice", relationship: "mother" },
    { givenName: "Xavier", familyName: "Dubois", guardian: "Nathalie", relationship: "mother" },
    { givenName: "Leah", familyName: "Goldberg", guardian: "David", relationship: "father" },
    { givenName: "Santiago", familyName: "Vargas", guardian: "Elena", relationship: "grandmother" },
    { givenName: "Grace", familyName: "Oyelaran", guardian: "Tunde", relationship: "father" },
  ],
];

/** first.last@domain, ASCII only, so emails are easy to type on any keyboard. */
export function demoEmail(givenName: string, familyName: string): string {
  const ascii = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
  return `${ascii(givenName)}.${ascii(familyName)}@${DEMO_EMAIL_DOMAIN}`;
}
