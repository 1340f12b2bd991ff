// Minimal declarations of the two PDF packages (they ship none): only what formats.ts uses.
declare module "pdfkit" {
  interface PDFDocument {
    registerFont(name: string, path: string): void;
    on(event: "data", listener: (chunk: Buffer) => void): void;
    on(event: "end", listener: () => void): void;
    end(): void;
  }
  const PDFDocument: new (options: Record<string, unknown>) => PDFDocument;
  export default PDFDocument;
}
declare module "svg-to-pdfkit" {
  const SVGtoPDF: (doc: unknown, svg: string, x: number, y: number, options: Record<string, unknown>) => void;
  export default SVGtoPDF;
}
