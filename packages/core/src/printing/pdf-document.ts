/**
 * The one way Pathwise makes a PDF: pdfkit with a tagged structure tree (headings, paragraphs and
 * lists a screen reader can follow), the document language and title set, and the DejaVu Sans
 * font embedded from the `dejavu-fonts-ttf` package so Spanish (á, ñ, ¿, ¡) prints the same on
 * every machine — never a system font.
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const REGULAR_FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BOLD_FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

/** Body text size in points; "large text" multiplies every size by LARGE_TEXT_SCALE. */
export const BODY_FONT_SIZE = 12;
export const LARGE_TEXT_SCALE = 1.5;

export interface PrintOptions {
  title: string;
  language: string;
  /** Start in large text; a class set switches per learner with `useLargeText`. */
  largeText?: boolean;
  /** Write streams uncompressed (for inspecting the PDF in tests); compressed by default. */
  compress?: boolean;
}

export type StructParent = PDFKit.PDFStructureElement;

/**
 * A tagged document under construction. Every write goes under a structure element, so nothing
 * printed is invisible to assistive technology.
 */
export class PrintedDocument {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: StructParent;
  private scale: number;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Uint8Array>;

  constructor(options: PrintOptions) {
    this.scale = options.largeText ? LARGE_TEXT_SCALE : 1;
    this.doc = new PDFDocument({
      tagged: true,
      lang: options.language,
      displayTitle: true,
      pdfVersion: "1.7",
      compress: options.compress ?? true,
      size: "A4",
      margin: 56,
      info: { Title: options.title, Creator: "Pathwise", Producer: "Pathwise" },
      font: REGULAR_FONT,
    });
    this.doc.registerFont("body", REGULAR_FONT);
    this.doc.registerFont("bold", BOLD_FONT);
    this.doc.font("body").fontSize(BODY_FONT_SIZE * this.scale);
    this.finished = new Promise((resolve, reject) => {
      this.doc.on("data", (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on("end", () => resolve(new Uint8Array(Buffer.concat(this.chunks))));
      this.doc.on("error", reject);
    });
    this.root = this.doc.struct("Document");
    this.doc.addStructure(this.root);
  }

  /** From here on, print at the large-text size (or back at the body size). */
  useLargeText(on: boolean): void {
    this.scale = on ? LARGE_TEXT_SCALE : 1;
    this.doc.fontSize(BODY_FONT_SIZE * this.scale);
  }

  /** A section of the document (one learner's packet in a class set), in its own language. */
  section(language: string): StructParent {
    const part = this.doc.struct("Sect", { lang: language });
    this.root.add(part);
    return part;
  }

  heading(text: string, level: 1 | 2 | 3, parent: StructParent = this.root): void {
    const size = { 1: 20, 2: 15, 3: 13 }[level] * this.scale;
    this.doc
      .font("bold")
      .fontSize(size)
      .text(text, { structParent: parent, structType: `H${level}` })
      .font("body")
      .fontSize(BODY_FONT_SIZE * this.scale)
      .moveDown(0.4);
  }

  paragraph(text: string, parent: StructParent = this.root): void {
    this.doc.text(text, { structParent: parent, structType: "P" }).moveDown(0.5);
  }

  list(entries: string[], parent: StructParent = this.root, numbered = false): void {
    if (entries.length === 0) return;
    const list = this.doc.struct("L");
    parent.add(list);
    this.doc.list(entries, {
      listType: numbered ? "numbered" : "bullet",
      structParent: list,
      structTypes: ["LI", "Lbl", "LBody"],
    });
    list.end();
    this.doc.moveDown(0.5);
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Close the structure tree and the document; resolves to the PDF's bytes. */
  async finish(): Promise<Uint8Array> {
    this.root.end();
    this.doc.end();
    return this.finished;
  }
}
