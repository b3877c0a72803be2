/*
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted
 * when it holds a comma, a quote or a line break, quotes doubled. A cell a
 * spreadsheet would run as a formula (=, @, tab, CR, or + and - not followed
 * by a plain number, such as "+41791234567") gets a leading apostrophe, as
 * OWASP advises against CSV injection; a phone number or an amount stays as
 * it is.
 */

const FORMULA_START = /^[=@\t\r]/;
const SIGNED_NON_NUMBER = /^[+-](?![\d\s().]*$)/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text) || SIGNED_NON_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Array<string | number | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
