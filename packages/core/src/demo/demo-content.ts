/**
 * Demo content for Cedar Grove: short readings, activities and practice items written for a few
 * grade 5 and grade 6 competencies of the Smarter Balanced framework, each item with its key and
 * some with the same question in a sports, music or cooking context. Keyed by the competency's
 * human coding scheme; a competency the loaded framework lacks is skipped.
 */
import type { ItemBody } from "../content/schema.js";

export interface DemoResource {
  title: string;
  body: string;
  level: "below" | "at" | "above";
  modality: "reading" | "hands-on" | "practice" | "discussion";
  minutes: number;
  interests?: string[];
}

export interface DemoItem {
  stem: string;
  body: ItemBody;
  variants?: { interest: string; stem: string; texts?: Record<string, string>; language?: string }[];
}

export interface DemoCompetencyContent {
  code: string;
  resources: DemoResource[];
  items: DemoItem[];
}

const choices = (...texts: string[]) => texts.map((text, index) => ({ id: "abcdefgh"[index]!, text }));

export const DEMO_CONTENT: DemoCompetencyContent[] = [
  {
    code: "M.G5.C1NF.TE.5.NF.A.1",
    resources: [
      {
        title: "Adding fractions with unlike denominators",
        body:
          "Fractions can be added only when they count the same size of piece. To add 2/3 + 1/4, find a " +
          "denominator both 3 and 4 divide into: 12. Rename each fraction: 2/3 = 8/12 and 1/4 = 3/12. Now the " +
          "pieces match, so add the numerators: 8/12 + 3/12 = 11/12. Subtraction works the same way: " +
          "5/6 − 1/4 = 10/12 − 3/12 = 7/12. Check: is your answer a sensible size? 2/3 + 1/4 should be a " +
          "little less than 1, and 11/12 is.",
        level: "at",
        modality: "reading",
        minutes: 8,
      },
      {
        title: "Fraction strips: why halves and thirds become sixths",
        body:
          "Cut three paper strips of the same length. Fold the first in half, the second in thirds and the " +
          "third in sixths, and label the parts. Lay 1/2 and 1/3 end to end above the sixths strip: together " +
          "they cover 5 sixths. Try 1/2 + 1/6 and 2/3 − 1/2 the same way, then write each as a number sentence.",
        level: "below",
        modality: "hands-on",
        minutes: 15,
      },
    ],
    items: [
      {
        stem: "What is 2/3 + 1/4?",
        body: { kind: "single_choice", choices: choices("3/7", "11/12", "3/12", "8/12"), correct: "b" },
        variants: [
          {
            interest: "sports",
            stem: "A soccer team practiced 2/3 of an hour on Monday and 1/4 of an hour on Tuesday. How many hours did they practice in all?",
            texts: { a: "3/7 hour", b: "11/12 hour", c: "3/12 hour", d: "8/12 hour" },
          },
          {
            interest: "music",
            stem: "A song opens with a verse 2/3 of a minute long, followed by a chorus 1/4 of a minute long. How long are the two together?",
            texts: { a: "3/7 minute", b: "11/12 minute", c: "3/12 minute", d: "8/12 minute" },
          },
          {
            interest: "cooking",
            stem: "A recipe needs 2/3 cup of flour and 1/4 cup of sugar. How many cups is that together?",
            texts: { a: "3/7 cup", b: "11/12 cup", c: "3/12 cup", d: "8/12 cup" },
          },
          {
            interest: "cooking",
            language: "es",
            stem: "Una receta lleva 2/3 de taza de harina y 1/4 de taza de azúcar. ¿Cuántas tazas son en total?",
            texts: { a: "3/7 de taza", b: "11/12 de taza", c: "3/12 de taza", d: "8/12 de taza" },
          },
        ],
      },
      {
        stem: "Compute 5/6 − 1/4. Give the answer as a decimal rounded to the hundredths.",
        body: { kind: "numeric", answer: 0.58, tolerance: 0.005 },
      },
    ],
  },
  {
    code: "M.G5.C1NBT.TC.5.NBT.A.3b",
    resources: [
      {
        title: "Comparing decimals place by place",
        body:
          "Line the numbers up by their decimal points. Compare the digits from the left: ones, then tenths, " +
          "then hundredths, then thousandths. The first place where they differ decides. For 0.305 and 0.35: " +
          "the ones match (0), the tenths match (3), and in the hundredths 0 is less than 5, so 0.305 < 0.35 — " +
          "even though 305 looks bigger than 35. Writing 0.35 as 0.350 can help you see it.",
        level: "at",
        modality: "reading",
        minutes: 6,
      },
    ],
    items: [
      {
        stem: "Which comparison is true?",
        body: {
          kind: "single_choice",
          choices: choices("0.305 < 0.35", "0.305 = 0.35", "0.305 > 0.35"),
          correct: "a",
        },
        variants: [
          {
            interest: "sports",
            stem: "Two sprinters reacted to the starting signal in 0.305 seconds and 0.35 seconds. Which comparison is true?",
            texts: { a: "0.305 s < 0.35 s", b: "0.305 s = 0.35 s", c: "0.305 s > 0.35 s" },
          },
        ],
      },
      {
        stem: "Put these decimals in order from least to greatest.",
        body: {
          kind: "ordering",
          entries: [
            { id: "a", text: "0.5" },
            { id: "b", text: "0.45" },
            { id: "c", text: "0.405" },
            { id: "d", text: "0.054" },
          ],
          correctOrder: ["d", "c", "b", "a"],
        },
      },
    ],
  },
  {
    code: "M.G5.C1NBT.TC.5.NBT.A.4",
    resources: [
      {
        title: "Rounding decimals on a number line",
        body:
          "To round 7.263 to the nearest tenth, find the two tenths it lies between: 7.2 and 7.3. The halfway " +
          "point is 7.25. Since 7.263 is past 7.25, it is closer to 7.3. The shortcut: look at the digit just " +
          "right of the place you round to (here the hundredths digit, 6); 5 or more rounds up, 4 or less " +
          "stays. Sketch the number line when the shortcut feels like magic.",
        level: "at",
        modality: "reading",
        minutes: 6,
      },
    ],
    items: [
      {
        stem: "Round 7.263 to the nearest tenth.",
        body: { kind: "numeric", answer: 7.3, tolerance: 0 },
        variants: [
          {
            interest: "cooking",
            stem: "A bag of rice weighs 7.263 kilograms. Round its weight to the nearest tenth of a kilogram.",
            texts: { unit: "kg" },
          },
        ],
      },
      {
        stem: "Round 4.958 to the nearest hundredth.",
        body: { kind: "single_choice", choices: choices("4.95", "4.96", "5.00", "4.9"), correct: "b" },
      },
    ],
  },
  {
    code: "M.G5.C1OA.TA.5.OA.A.1",
    resources: [
      {
        title: "Parentheses first: evaluating expressions",
        body:
          'Grouping symbols — parentheses ( ), brackets [ ] and braces { } — say "do this part first". Work ' +
          "from the innermost group outward, then multiply and divide from left to right, then add and " +
          "subtract from left to right. Example: 3 × (8 − 2) + 4 = 3 × 6 + 4 = 18 + 4 = 22. Without the " +
          "parentheses, 3 × 8 − 2 + 4 = 24 − 2 + 4 = 26: the grouping changes the answer.",
        level: "at",
        modality: "reading",
        minutes: 7,
      },
      {
        title: "Target number game",
        body:
          "With a partner, take the numbers 2, 5 and 5 and the symbols +, × and ( ). Each of you writes as many " +
          "different values as you can make using every number once. Compare lists: which values need " +
          "parentheses? Can you make 20? 35? 27? Explain your expressions to each other.",
        level: "above",
        modality: "discussion",
        minutes: 12,
      },
    ],
    items: [
      {
        stem: "Evaluate 3 × (8 − 2) + 4.",
        body: { kind: "numeric", answer: 22, tolerance: 0 },
        variants: [
          {
            interest: "sports",
            stem: "A basketball player made (8 − 2) three-point shots and 4 points in free throws. Evaluate 3 × (8 − 2) + 4 to find her points.",
          },
        ],
      },
      {
        stem: "Which expression equals 20?",
        body: {
          kind: "single_choice",
          choices: choices("2 × (5 + 5)", "2 × 5 + 5", "(2 + 5) × 5", "2 + 5 × 5"),
          correct: "a",
        },
      },
    ],
  },
  {
    code: "M.G5.C1MD.TI.5.MD.C.5b",
    resources: [
      {
        title: "Volume of a rectangular prism: V = l × w × h",
        body:
          "A prism 6 cm long and 4 cm wide has 6 × 4 = 24 unit cubes in its bottom layer. If it is 5 cm high, " +
          "there are 5 such layers: 24 × 5 = 120 cubic centimeters. That is the formula V = l × w × h, or " +
          "V = b × h where b is the area of the base. Volume is always in cubic units (cm³, in³, ft³).",
        level: "at",
        modality: "reading",
        minutes: 7,
      },
    ],
    items: [
      {
        stem: "A rectangular prism is 6 cm long, 4 cm wide and 5 cm high. What is its volume?",
        body: { kind: "numeric", answer: 120, tolerance: 0, unit: "cm³" },
        variants: [
          {
            interest: "sports",
            stem: "A storage box for soccer balls is 6 dm long, 4 dm wide and 5 dm high. What is its volume?",
            texts: { unit: "dm³" },
          },
        ],
      },
      {
        stem: "Explain why a prism 2 cm × 3 cm × 4 cm has the same volume as a prism 4 cm × 3 cm × 2 cm.",
        body: {
          kind: "short_text",
          modelAnswer:
            "Both volumes are 2 × 3 × 4 = 24 cm³: multiplying in a different order gives the same product. Turning the prism changes which face is the base, not how many unit cubes fill it.",
        },
      },
    ],
  },
  {
    code: "M.G5.C1G.TJ.5.G.A.2",
    resources: [
      {
        title: "Plotting points: over, then up",
        body:
          "A point (x, y) tells you how to walk from the origin (0, 0): first x units to the right along the " +
          "x-axis, then y units up. (3, 5) is 3 right and 5 up; (5, 3) is a different point, 5 right and 3 up. " +
          "Points with the same first number lie on one vertical line, so the distance from (2, 3) to (2, 8) is " +
          "8 − 3 = 5 units.",
        level: "at",
        modality: "reading",
        minutes: 6,
      },
    ],
    items: [
      {
        stem: "Starting at the origin, you move 3 units right and 5 units up. Which point are you at?",
        body: {
          kind: "single_choice",
          choices: choices("(3, 5)", "(5, 3)", "(3, 0)", "(0, 5)"),
          correct: "a",
        },
        variants: [
          {
            interest: "sports",
            stem: "On a grid map of a park, a runner starts at the origin and runs 3 blocks east and then 5 blocks north. Which point is she at?",
          },
        ],
      },
      {
        stem: "Points A(2, 3) and B(2, 8) are plotted on a coordinate grid. How many units apart are they?",
        body: { kind: "numeric", answer: 5, tolerance: 0 },
      },
    ],
  },
  {
    code: "M.G6.C1RP.TA.6.RP.A.3c",
    resources: [
      {
        title: 'Percent means "per hundred"',
        body:
          "30% means 30 per 100, or 30/100. To find 30% of 80, multiply: 30/100 × 80 = 24. Going the other way, " +
          "if 15 is 25% of a number, then 15 is 1/4 of it, so the number is 15 × 4 = 60. A double number line " +
          "with 0%–100% on top and 0–whole underneath keeps both directions straight.",
        level: "at",
        modality: "reading",
        minutes: 7,
      },
    ],
    items: [
      {
        stem: "What is 30% of 80?",
        body: { kind: "numeric", answer: 24, tolerance: 0 },
        variants: [
          {
            interest: "music",
            stem: "A playlist has 80 songs and 30% of them are jazz. How many jazz songs are on it?",
          },
          {
            interest: "sports",
            stem: "A basketball player took 80 shots this season and made 30% of them. How many shots did she make?",
          },
        ],
      },
      {
        stem: "15 is 25% of what number?",
        body: { kind: "numeric", answer: 60, tolerance: 0 },
      },
    ],
  },
  {
    code: "M.G6.C1NS.TC.6.NS.B.4",
    resources: [
      {
        title: "Greatest common factor and least common multiple",
        body:
          "List the factors of 24 (1, 2, 3, 4, 6, 8, 12, 24) and of 36 (1, 2, 3, 4, 6, 9, 12, 18, 36): the greatest " +
          "one they share is 12. The least common multiple of 6 and 8 is the first number on both skip-counting " +
          "lists: 24. The GCF also lets you factor a sum: 36 + 8 = 4 × 9 + 4 × 2 = 4(9 + 2).",
        level: "at",
        modality: "reading",
        minutes: 8,
      },
    ],
    items: [
      {
        stem: "What is the greatest common factor of 24 and 36?",
        body: { kind: "numeric", answer: 12, tolerance: 0 },
        variants: [
          {
            interest: "cooking",
            stem: "You have 24 apples and 36 oranges and want to fill identical fruit baskets with nothing left over. What is the greatest number of baskets you can fill?",
          },
        ],
      },
      {
        stem: "Which expression uses the distributive property to rewrite 36 + 8?",
        body: {
          kind: "single_choice",
          choices: choices("4(9 + 2)", "2(18 + 8)", "4(9 + 8)", "36(1 + 8)"),
          correct: "a",
        },
      },
    ],
  },
  {
    code: "M.G6.C1EE.TE.6.EE.A.2c",
    resources: [
      {
        title: "Substitute, then simplify",
        body:
          "To evaluate 3x² + 2 when x = 4, replace x with 4 in parentheses: 3(4)² + 2. Exponents come before " +
          "multiplication: 4² = 16, so 3 × 16 + 2 = 48 + 2 = 50. Formulas work the same way: the volume of a " +
          "cube is V = s³, so a cube with s = 1/2 has V = (1/2)³ = 1/8.",
        level: "at",
        modality: "reading",
        minutes: 7,
      },
    ],
    items: [
      {
        stem: "Evaluate 3x² + 2 when x = 4.",
        body: { kind: "numeric", answer: 50, tolerance: 0 },
      },
      {
        stem: "Use V = s³ to find the volume of a cube with side length s = 1/2 unit.",
        body: { kind: "single_choice", choices: choices("1/8", "3/2", "1/6", "1/2"), correct: "a" },
        variants: [
          {
            interest: "cooking",
            stem: "A sugar cube has edges 1/2 inch long. Use V = s³ to find its volume in cubic inches.",
          },
        ],
      },
    ],
  },
  {
    code: "M.G6.C1NS.TD.6.NS.C.7c",
    resources: [
      {
        title: "Absolute value is distance from zero",
        body:
          "|−7| = 7 because −7 is 7 units from 0 on the number line; |5| = 5 for the same reason. Absolute " +
          "value ignores direction, so it measures size: an account balance of −30 dollars is a debt of 30 " +
          "dollars, and a dive to −12 meters is 12 meters below the surface.",
        level: "at",
        modality: "reading",
        minutes: 6,
      },
    ],
    items: [
      {
        stem: "Order these numbers from least to greatest absolute value.",
        body: {
          kind: "ordering",
          entries: [
            { id: "a", text: "−7" },
            { id: "b", text: "3" },
            { id: "c", text: "−2" },
            { id: "d", text: "5" },
          ],
          correctOrder: ["c", "b", "d", "a"],
        },
      },
      {
        stem: "An account balance of −30 dollars means a debt of how much?",
        body: {
          kind: "single_choice",
          choices: choices("30 dollars", "−30 dollars", "0 dollars", "60 dollars"),
          correct: "a",
        },
      },
    ],
  },
];

/** A project for the grade 5 class, scored by a rubric over two fraction competencies. */
export const DEMO_TASK = {
  title: "Recipe remix",
  description:
    "Choose a recipe that uses at least three fractional amounts. Rewrite it to serve half as many " +
    "people and to serve one and a half times as many. Show how you found each new amount, and " +
    "explain which new amounts were easy to measure and which were not.",
  minutes: 60,
  rubric: {
    title: "Recipe remix rubric",
    criteria: [
      { id: "computing", title: "Computes the new amounts", code: "M.G5.C1NF.TE.5.NF.A.1" },
      { id: "explaining", title: "Explains the reasoning", code: "M.G5.C1NF.TE.5.NF.A.2" },
    ],
    levels: [
      { score: 1, label: "Beginning", description: "Few amounts are right, or the steps are missing." },
      { score: 2, label: "Developing", description: "Some amounts are right; the steps are partly shown." },
      { score: 3, label: "Meeting", description: "The amounts are right and each step is shown." },
      { score: 4, label: "Exceeding", description: "Right, clearly shown, and checked another way." },
    ],
  },
};
