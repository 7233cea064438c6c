import PDFDocument from 'pdfkit';

// the PDF's standard fonts are WinAnsi: Intl's narrow no-break spaces become plain spaces
export const fr = (n: number, digits = 2) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(n).replace(/[\u202f\u00a0]/g, ' ');
export const hours = (n: number) => `${fr(n)} h`;
export const euros = (cents: number) => `${fr(cents / 100)} €`;
export const pct = (n: number) => `${fr(n, 1)} %`;

/** An A4 document in the house style of the bilans: headings, "label : value" lines and ruled tables. */
export function frenchPdf(info: { Title: string; Author: string }) {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const title = (text: string, subtitle: string) => {
    doc.font('Helvetica-Bold').fontSize(18).fillColor('#1f3a5f').text(text, { align: 'left' });
    doc.fontSize(10).font('Helvetica').fillColor('#555555').text(subtitle).fillColor('black').moveDown();
  };
  const heading = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1f3a5f').text(text).moveDown(0.3).font('Helvetica').fontSize(10).fillColor('black');
  const line = (label: string, value: string) => doc.font('Helvetica').text(`${label} : `, { continued: true }).font('Helvetica-Bold').text(value).font('Helvetica');
  const note = (text: string) => doc.fontSize(8).fillColor('#555555').text(text).fillColor('black').fontSize(10);
  const table = (headers: string[], rows: string[][], widths: number[]) => {
    const x0 = doc.page.margins.left;
    const draw = (cells: string[], bold: boolean) => {
      const y = doc.y;
      let x = x0;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }));
      cells.forEach((c, i) => { doc.text(c, x + 2, y, { width: widths[i] - 4, align: i === 0 ? 'left' : 'right' }); x += widths[i]; });
      doc.y = y + Math.max(...heights) + 3;
      doc.moveTo(x0, doc.y - 1).lineTo(x0 + widths.reduce((a, b) => a + b, 0), doc.y - 1).strokeColor('#cccccc').stroke();
    };
    draw(headers, true);
    rows.forEach((r) => draw(r, false));
    doc.x = x0;
    doc.fontSize(10);
  };
  const end = () => {
    doc.end();
    return done;
  };
  return { doc, title, heading, line, note, table, end };
}
