/**
 * Practice packets: a choice board printed for one learner as they would meet it on screen — each
 * item in the interest-context variant chosen for them, with "reduced choices" applied exactly as
 * the content's delivery applies it (same seed, same distractors), never with a key — plus an
 * answer sheet with a code per item. Large text prints bigger; read-aloud adds a note for the adult.
 * A class set is every learner's packet of a class, one after another, in one PDF.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { users } from "../identity/schema.js";
import { accommodations } from "../learners/schema.js";
import { deliveredBody, type DeliveredBody } from "../content/item-scoring.js";
import { chooseVariant, interestsAndLanguagesOf } from "../content/items.js";
import { relationToClass } from "../content/policies.js";
import {
  choiceBoardOptions,
  choiceBoards,
  itemVariants,
  items,
  resources,
  tasks,
  type ItemBody,
} from "../content/schema.js";
import { learnerIdsOfClass } from "../personalization/relationships.js";
import { classes } from "../roster/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { PrintedDocument, type StructParent } from "./pdf-document.js";
import { PrintInput, type PrintedPdf } from "./print-learning-plan.js";
import { printLanguageOf, WORDING, type PrintLanguage } from "./wording.js";

/** Labels printed before choices and ordering entries; a paper answer names them. */
export const CHOICE_LABELS = "ABCDEFGHIJKL";

export interface PacketItem {
  /** The answer-sheet code, e.g. "3F2A9C1B-2": the packet's code and the item's number in it. */
  code: string;
  itemId: string;
  variantId: string | null;
  stem: string;
  body: DeliveredBody;
  /** The item as authored, with its key: for scoring paper answers on the server, never printed. */
  authored: ItemBody;
}

export interface Packet {
  /** The packet is the board: its id is the board's, and its code the board id's first 8 digits. */
  packetId: string;
  packetCode: string;
  boardTitle: string;
  classId: string;
  className: string;
  /** The learner, and the first language Pathwise prints among those they read. */
  learner: { id: string; name: string; language: PrintLanguage };
  largeText: boolean;
  readAloud: boolean;
  breaks: boolean;
  activities: string[];
  items: PacketItem[];
}

export function packetCodeOf(boardId: string): string {
  return boardId.replaceAll("-", "").slice(0, 8).toUpperCase();
}

/** The board, and how the actor stands with its class: 404 for anyone outside it. */
export async function loadBoardFor(db: Database, actor: Actor, boardId: string) {
  const [board] = await db
    .select({
      id: choiceBoards.id,
      title: choiceBoards.title,
      // The joined class's id: the same as the board's, and known not to be null.
      classId: classes.id,
      className: classes.name,
    })
    .from(choiceBoards)
    .innerJoin(classes, eq(classes.id, choiceBoards.classId))
    .where(and(eq(choiceBoards.id, boardId), eq(choiceBoards.organizationId, actor.organizationId)));
  if (!board) throw notFound("The choice board");
  const relation = await relationToClass(db, actor, board.classId);
  const admin = actor.roles.includes("admin");
  if (!relation.teaches && !relation.learns && !admin) throw notFound("The choice board");
  return { board, teaches: relation.teaches, learns: relation.learns, admin };
}

/**
 * Every learner's packet of a board: the board's content is read once for all of them; each
 * learner adds one read of their interests and languages (for the variant they are given).
 */
export async function packetsOf(
  db: Database,
  organizationId: string,
  board: { id: string; title: string; classId: string; className: string },
  learnerIds: string[],
): Promise<Packet[]> {
  if (learnerIds.length === 0) return [];
  const options = await db
    .select()
    .from(choiceBoardOptions)
    .where(eq(choiceBoardOptions.boardId, board.id))
    .orderBy(asc(choiceBoardOptions.position));
  const ids = (kind: string) => options.filter((o) => o.kind === kind).map((o) => o.refId);
  const itemRows = ids("item").length
    ? await db
        .select()
        .from(items)
        .where(
          and(
            eq(items.organizationId, organizationId),
            inArray(items.id, ids("item")),
            isNull(items.archivedAt),
          ),
        )
    : [];
  const variants = itemRows.length
    ? await db
        .select()
        .from(itemVariants)
        .where(
          inArray(
            itemVariants.itemId,
            itemRows.map((i) => i.id),
          ),
        )
    : [];
  const resourceRows = ids("resource").length
    ? await db
        .select({ id: resources.id, title: resources.title })
        .from(resources)
        .where(
          and(
            eq(resources.organizationId, organizationId),
            inArray(resources.id, ids("resource")),
            isNull(resources.archivedAt),
          ),
        )
    : [];
  const taskRows = ids("task").length
    ? await db
        .select({ id: tasks.id, title: tasks.title, description: tasks.description })
        .from(tasks)
        .where(and(eq(tasks.organizationId, organizationId), inArray(tasks.id, ids("task"))))
    : [];
  const people = await db
    .select({ id: users.id, givenName: users.givenName, familyName: users.familyName })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), inArray(users.id, learnerIds)))
    .orderBy(asc(users.familyName), asc(users.givenName));
  const needs = await db
    .select()
    .from(accommodations)
    .where(
      and(eq(accommodations.organizationId, organizationId), inArray(accommodations.learnerId, learnerIds)),
    );

  const activities = options.flatMap((o) => {
    const note = o.note ? ` (${o.note})` : "";
    if (o.kind === "resource") {
      const r = resourceRows.find((x) => x.id === o.refId);
      return r ? [`${r.title}${note}`] : [];
    }
    if (o.kind === "task") {
      const t = taskRows.find((x) => x.id === o.refId);
      return t ? [`${t.title}: ${t.description}${note}`] : [];
    }
    return [];
  });
  const boardItems = options.flatMap((o) => {
    const item = o.kind === "item" ? itemRows.find((i) => i.id === o.refId) : undefined;
    return item ? [{ ...item, variants: variants.filter((v) => v.itemId === item.id) }] : [];
  });
  const packetCode = packetCodeOf(board.id);

  const packets: Packet[] = [];
  for (const person of people) {
    const need = needs.find((n) => n.learnerId === person.id);
    const reader = await interestsAndLanguagesOf(db, person.id);
    packets.push({
      packetId: board.id,
      packetCode,
      boardTitle: board.title,
      classId: board.classId,
      className: board.className,
      learner: {
        id: person.id,
        name: `${person.givenName} ${person.familyName}`,
        language: printLanguageOf(...reader.languages),
      },
      largeText: need?.largeText ?? false,
      readAloud: need?.readAloud ?? false,
      breaks: need?.breaks ?? false,
      activities,
      items: boardItems.map((item, index) => {
        const variant = chooseVariant(item, reader);
        return {
          code: `${packetCode}-${index + 1}`,
          itemId: item.id,
          variantId: variant?.id ?? null,
          stem: variant?.stem ?? item.stem,
          // The same seed as the on-screen delivery, so paper and screen show the same choices.
          body: deliveredBody(item.body, variant?.texts ?? {}, `${item.id}:${person.id}`, {
            reduceChoices: need?.reducedChoices ?? false,
          }),
          authored: item.body,
        };
      }),
    });
  }
  return packets;
}

function instructionOf(body: DeliveredBody, language: PrintLanguage): string {
  const words = WORDING[language];
  switch (body.kind) {
    case "single_choice":
      return words.chooseOne;
    case "multiple_choice":
      return words.chooseAll;
    case "numeric":
      return words.numericAnswer(body.unit);
    case "short_text":
      return words.writeAnswer;
    case "ordering":
      return words.putInOrder;
  }
}

function labelled(entries: { text: string }[]): string[] {
  return entries.map((e, index) => `${CHOICE_LABELS[index]}. ${e.text}`);
}

/** One learner's packet into the document: questions, then the answer sheet on a page of its own. */
function writePacket(
  printed: PrintedDocument,
  packet: Packet,
  language: PrintLanguage,
  parent: StructParent,
) {
  const words = WORDING[language];
  printed.heading(words.packetTitle(packet.learner.name, packet.boardTitle), 1, parent);
  printed.paragraph(words.packetIntro(packet.packetCode), parent);
  if (packet.readAloud) printed.paragraph(words.readAloudNote, parent);
  if (packet.breaks) printed.paragraph(words.breaksNote, parent);
  if (packet.activities.length) {
    printed.heading(words.activitiesHeading, 2, parent);
    printed.list(packet.activities, parent);
  }
  printed.heading(words.questionsHeading, 2, parent);
  if (packet.items.length === 0) printed.paragraph(words.noQuestions, parent);
  for (const item of packet.items) {
    printed.heading(words.itemHeading(item.code), 3, parent);
    printed.paragraph(item.stem, parent);
    printed.paragraph(instructionOf(item.body, language), parent);
    if (item.body.kind === "single_choice" || item.body.kind === "multiple_choice")
      printed.list(labelled(item.body.choices), parent);
    if (item.body.kind === "ordering") printed.list(labelled(item.body.entries), parent);
  }
  if (packet.items.length === 0) return;
  printed.newPage();
  printed.heading(`${words.answerSheetHeading} — ${packet.learner.name}`, 2, parent);
  printed.paragraph(words.answerSheetIntro, parent);
  printed.list(
    packet.items.map((i) => words.answerLine(i.code)),
    parent,
  );
}

/**
 * The packets in one PDF, each in `language` when one was asked for, else in its learner's own;
 * the document's language and title are the reader's.
 */
async function render(
  packets: Packet[],
  title: string,
  language: PrintLanguage,
  requested: PrintLanguage | undefined,
  compress: boolean | undefined,
): Promise<Uint8Array> {
  const printed = new PrintedDocument({ title, language, compress });
  packets.forEach((packet, index) => {
    printed.useLargeText(packet.largeText);
    if (index > 0) printed.newPage();
    const packetLanguage = requested ?? packet.learner.language;
    writePacket(printed, packet, packetLanguage, printed.section(packetLanguage));
  });
  return printed.finish();
}

/** One learner's packet: for the learner themselves, the class's teachers and admins. */
export async function printPracticePacket(
  ctx: SignedInCtx,
  boardId: string,
  learnerId: string,
  raw: unknown,
  options: { compress?: boolean } = {},
): Promise<PrintedPdf> {
  const input = parseInput(PrintInput, raw, "query");
  const { actor, db } = ctx;
  const access = await loadBoardFor(db, actor, boardId);
  const inClass = (await learnerIdsOfClass(db, actor.organizationId, access.board.classId)).includes(
    learnerId,
  );
  if (!inClass) throw notFound("The learner");
  if (!access.teaches && !access.admin && actor.userId !== learnerId)
    throw forbidden("Print your own packet; your teacher prints the class set.");
  const [packet] = await packetsOf(db, actor.organizationId, access.board, [learnerId]);
  // The packet is the learner's: in their language unless another was asked for.
  const language = input.language ?? packet!.learner.language;
  const words = WORDING[language];
  return {
    fileName: `packet-${packet!.packetCode}-${learnerId}.pdf`,
    bytes: await render(
      [packet!],
      words.packetTitle(packet!.learner.name, packet!.boardTitle),
      language,
      input.language,
      options.compress,
    ),
  };
}

/** Every learner of the board's class, one packet each, in one PDF: for its teachers and admins. */
export async function printClassSet(
  ctx: SignedInCtx,
  boardId: string,
  raw: unknown,
  options: { compress?: boolean } = {},
): Promise<PrintedPdf> {
  const input = parseInput(PrintInput, raw, "query");
  const { actor, db } = ctx;
  const access = await loadBoardFor(db, actor, boardId);
  if (!access.teaches && !access.admin) throw forbidden("Only the class's teachers print its class set.");
  const learnerIds = await learnerIdsOfClass(db, actor.organizationId, access.board.classId);
  const packets = await packetsOf(db, actor.organizationId, access.board, learnerIds);
  const language = printLanguageOf(input.language, actor.locale);
  const words = WORDING[language];
  return {
    fileName: `class-set-${packetCodeOf(boardId)}.pdf`,
    bytes: await render(
      packets,
      words.classSetTitle(access.board.className, access.board.title),
      language,
      input.language,
      options.compress,
    ),
  };
}
