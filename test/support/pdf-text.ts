import { execFileSync } from 'node:child_process';

/**
 * The text and page count of a PDF, read by PDF.js (unpdf) in a plain Node process: jest's module
 * sandbox cannot load PDF.js's ES modules.
 */
export function pdfText(pdf: Uint8Array): { text: string; totalPages: number } {
  const script = `
    const { extractText, getDocumentProxy } = require('unpdf');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const result = await extractText(await getDocumentProxy(new Uint8Array(Buffer.concat(chunks))), { mergePages: true });
      process.stdout.write(JSON.stringify(result));
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname, maxBuffer: 64 * 1024 * 1024 }).toString('utf8'));
}
