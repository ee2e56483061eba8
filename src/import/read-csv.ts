import fs from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { invalid } from '../app/errors.js';

/** One data row: its cells and the line a spreadsheet user sees it on (header = line 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
  delimiter: Delimiter;
  /** Rows with more non-empty cells than the header has columns: rejected later with this reason. */
  overlong: Map<number, string>;
}

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [',', ';', '\t'];

/** Reads a file into text, failing with a plain sentence for a missing file, a folder, or a binary. */
export async function readCsvFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw invalid(`Cannot read ${path}: there is no such file.`);
    if (code === 'EISDIR') throw invalid(`Cannot read ${path}: it is a folder, not a CSV file.`);
    if (code === 'EACCES') throw invalid(`Cannot read ${path}: permission denied.`);
    throw invalid(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return decodeCsvBytes(bytes, path);
}

/**
 * Strict UTF-8: a Latin-1 or Windows-1252 export decoded leniently would silently turn "Müller"
 * into "M�ller" in the CRM, so the user is asked to re-save the file instead.
 */
export function decodeCsvBytes(bytes: Uint8Array, name = 'the file'): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalid(`${name} is UTF-16 text; save it as "CSV UTF-8" and try again.`);
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    throw invalid(`${name} looks like a binary file (an Excel workbook or an archive?), not CSV text; export it as "CSV UTF-8".`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw invalid(`${name} is not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at byte ${at}, line ${lineAt(bytes, at)}); save it as "CSV UTF-8" and try again.`);
  }
}

/** Where decoding first fails, for the message: a plain lead/continuation-byte scan is precise enough. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    const follow = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (follow < 0) return i;
    for (let k = 1; k <= follow; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += follow + 1;
  }
  return 0;
}

const lineAt = (bytes: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

/** The delimiter that splits the header line into the most fields (quotes respected). */
export function sniffDelimiter(text: string): Delimiter {
  const header = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Parses CSV text (BOM, quotes, `,` `;` or tab) into a header and rows with spreadsheet line numbers. */
export function parseCsvText(input: string): CsvTable {
  const text = input.replace(/^\uFEFF/, '');
  if (!text.trim()) throw invalid('The file is empty: there is no header line and no rows.');
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as never;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    const where = e.lines ? ` near line ${e.lines}` : '';
    const why = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed' : e.message;
    throw invalid(`The file is not valid CSV${where}: ${why}. Nothing was imported.`);
  }
  const [head, ...body] = records;
  const headers = head!.record.map((h) => h.trim());
  const overlong = new Map<number, string>();
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    // csv-parse reports the line a record ends on; a quoted value with line breaks starts earlier.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    const line = info.lines - breaks;
    if (record.every((cell) => cell.trim() === '')) continue;
    const extra = record.slice(headers.length).filter((cell) => cell.trim() !== '');
    if (extra.length) overlong.set(line, `has ${record.length} fields but the header has ${headers.length} (an unquoted "${delimiter === '\t' ? 'tab' : delimiter}" inside a value?)`);
    rows.push({ line, cells: headers.map((_, i) => record[i] ?? '') });
  }
  return { headers, rows, delimiter, overlong };
}
