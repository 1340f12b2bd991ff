// A figure's SVG (from ./render.ts) as PNG or PDF, headless and without a browser: resvg (a Rust SVG
// renderer shipped as a prebuilt binary in its npm package) rasterises it; PDFKit with SVG-to-PDFKit draws
// it as vector paths and text in a PDF. Both are loaded only when such a file is asked for.
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { StairsInputError } from "../../errors.js";

export const FIGURE_FORMATS = ["svg", "png", "pdf"] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** The format of a figure file by its extension (.svg, .png, .pdf); "-" (stdout) is SVG. */
export function figureFormat(path: string, option: string): FigureFormat {
  if (path === "-") return "svg";
  const ext = extname(path).slice(1).toLowerCase();
  if ((FIGURE_FORMATS as readonly string[]).includes(ext)) return ext as FigureFormat;
  throw new StairsInputError(option, path, "a file name ending in .svg, .png or .pdf");
}

/** Fonts with the Greek letters and symbols of the labels (α, β, ∝), where the system has them. */
const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/Library/Fonts/Arial Unicode.ttf",
  "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
  "C:\\Windows\\Fonts\\arial.ttf",
];
const unicodeFont = (): string | undefined => FONT_FILES.find((f) => existsSync(f));

/** PNG at `scale` times the SVG's size in CSS pixels (2: sharp on paper and on high-density screens). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const font = unicodeFont();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, fontFiles: font ? [font] : [], defaultFontFamily: "DejaVu Sans" },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** A one-page vector PDF of the size of the SVG (1 CSS px = 0.75 pt, so 100 % zoom prints at its size). */
export async function svgToPdf(svg: string): Promise<Uint8Array> {
  const { default: PDFDocument } = await import("pdfkit");
  const { default: SVGtoPDF } = await import("svg-to-pdfkit");
  const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const width = size ? Number(size[1]) : 600, height = size ? Number(size[2]) : 400;
  const doc = new PDFDocument({ size: [width * 0.75, height * 0.75], margin: 0, info: { Title: "stairs figure", Producer: "stairs", Creator: "stairs" } });
  const font = unicodeFont();
  if (font) doc.registerFont("figure", font);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  SVGtoPDF(doc, svg, 0, 0, {
    width: width * 0.75,
    height: height * 0.75,
    assumePt: false,
    fontCallback: () => (font ? "figure" : "Helvetica"),
  });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** The bytes of a figure in the format its file name asks for. */
export async function figureBytes(svg: string, path: string, option: string): Promise<string | Uint8Array> {
  const format = figureFormat(path, option);
  return format === "png" ? svgToPng(svg) : format === "pdf" ? svgToPdf(svg) : svg;
}
