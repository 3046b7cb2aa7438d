/**
 * What a scenario file's reader says about text that is not a scenario before it parses it: an empty file, a
 * file too large, a file that is not text. No imports, so the page checks a picked file's size with it before
 * reading it, without loading the schema. Messages give sizes with separators and units, and never echo a
 * control character: an excerpt of the text is shown escaped.
 */

export const MAX_FILE_BYTES = 1024 * 1024;

/** "2,701,756 bytes (2.6 MB)"; "1,048,576 bytes (1 MB)"; "512 bytes". */
export function sizeText(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024) return exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kB'] : [bytes / (1024 * 1024), 'MB'];
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${exact} (${rounded.toLocaleString('en-US')} ${unit})`;
}

export function tooLargeMessage(source: string, bytes: number): string {
  return `${source} is too large (${sizeText(bytes)}; the limit is ${sizeText(MAX_FILE_BYTES)})`;
}

export function emptyMessage(source: string): string {
  return `${source} is empty: a scenario file holds one JSON object`;
}

/** A control character (C0, DEL, C1) or U+FFFD, what an undecodable byte of a binary file becomes. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd;
}

/** Control characters but the white space text files hold (tab, newline, return). */
function isUnprintable(code: number): boolean {
  return isControl(code) && code !== 0x09 && code !== 0x0a && code !== 0x0d;
}

const NAMED: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t' };

/** Text with every control character written as an escape (`\n`, `\x1a`, `\ufffd`), so it shows as it is. */
export function escapeControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) out += text[i];
    else
      out +=
        NAMED[code] ?? (code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`);
  }
  return out;
}

/** The first `max` characters, escaped and quoted, with an ellipsis when there is more. */
export function excerpt(text: string, max = 12): string {
  const head = Array.from(text.slice(0, max * 2))
    .slice(0, max)
    .join('');
  return `"${escapeControls(head)}"${head.length < text.length ? '…' : ''}`;
}

/**
 * What is wrong with a file's text before it is parsed, or null: empty (or only white space), too large
 * (`bytes`, its size on disk, when known; else its UTF-8 length), or not text (a control character or an
 * undecodable byte within its first kilobyte: an image, an archive).
 */
export function fileTextProblem(text: string, source: string, bytes?: number): string | null {
  const size = bytes ?? new TextEncoder().encode(text).length;
  if (size > MAX_FILE_BYTES) return tooLargeMessage(source, size);
  if (text.trim() === '') return emptyMessage(source);
  if (hasUnprintable(text.slice(0, 1024)))
    return `${source} is not a text file (it starts ${excerpt(text)}): a scenario file holds one JSON object`;
  return null;
}

function hasUnprintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isUnprintable(text.charCodeAt(i))) return true;
  return false;
}
