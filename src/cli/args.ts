/**
 * Reading the CLI's numeric options strictly. `Number(text)` takes "0x10" as 16, "1e3" as 1000, "" and " " as 0
 * and "Infinity" as a number; an option value is read only when it is plain decimal digits, with an optional
 * fraction where the option allows one, and every refusal names the option, what it wants and what it got.
 */

/** Plain decimal digits, optionally a fraction: "1500", "2.5". No sign, exponent, hex, blanks or "Infinity". */
const DECIMAL = /^\d+(\.\d+)?$/;
const WHOLE = /^\d+$/;

/** A mistake in the command line: main.ts prints it with the usage text and exits with code 2. */
export class UsageError extends Error {}

export interface NumberRule {
  /** What the number counts, for the message: "a number of milliseconds", "a whole number". */
  readonly what: string;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** The value of `--name`, read strictly; throws UsageError naming the option and the text it got. */
export function parseNumber(name: string, text: string, rule: NumberRule): number {
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? ` from ${formatBound(rule.min)} to ${formatBound(rule.max)}`
      : rule.min !== undefined
        ? ` of at least ${formatBound(rule.min)}`
        : '';
  const syntax = rule.integer ? 'decimal digits only' : 'decimal digits, e.g. 1500 or 2.5';
  const wanted = `--${name} must be ${rule.what}${range} (${syntax}), got "${shorten(text)}"`;
  if (!(rule.integer ? WHOLE : DECIMAL).test(text)) throw new UsageError(wanted);
  const value = Number(text);
  if (!Number.isFinite(value) || (rule.integer && !Number.isSafeInteger(value))) throw new UsageError(wanted);
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max))
    throw new UsageError(wanted);
  return value;
}

/** True when `text` is a whole number in plain decimal digits. */
export function isWholeNumber(text: string): boolean {
  return WHOLE.test(text);
}

/**
 * node:util's parseArgs refuses `--until -5` as "ambiguous" (the value looks like an option) before any of our
 * checks can say what is wrong with -5. Joining a value that looks like a negative number to its option
 * (`--until=-5`) lets the option's own rule refuse it by name.
 */
export function joinNegativeValues(argv: readonly string[], valued: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (valued.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Bounds as the usage text writes them: plain digits, like the values the option takes. */
function formatBound(n: number): string {
  return String(n);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/**
 * The text without a leading byte order mark, which Windows editors write at the head of a UTF-8 file: the page
 * reads a file with File.text(), whose UTF-8 decoding drops it, but Node's does not, and JSON.parse refused the
 * file with an invisible character in its message.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
