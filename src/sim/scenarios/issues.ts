/**
 * Plain-words messages for what is wrong in scenario data: the one formatter behind every surface that reads a
 * scenario (a file imported in the page, a share link, the CLI), installed as zod's error map in schema.ts so
 * each issue gets its message when zod reports it. The caller writes the field's path before it
 * (`leaderless.w: must be a whole number from 1 to 16 (got 0)`).
 *
 * It works from what zod knows of each issue (its code, its bounds, the schema that raised it and the value it
 * saw), never from a list of fields: a bound is spelled with its unit (ms for a field named ...Ms, items named
 * after a list's field), a wrong type says what was expected and what was found, a choice lists its options.
 * Refinements that carry their own message (validate.ts and the schema's own checks) keep it.
 */
import type * as z from 'zod/mini';

type RawIssue = z.core.$ZodRawIssue;

/** The message for one issue, without its path. */
export function plainIssueMessage(issue: RawIssue): string {
  const path = (issue.path ?? []) as readonly PropertyKey[];
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'bigint') return numberRange(issue, path);
      if (issue.origin === 'array' || issue.origin === 'set') return listSize(issue, path);
      if (issue.origin === 'string') return textLength(issue);
      return issue.code === 'too_small'
        ? `must be at least ${String(issue.minimum)}`
        : `must be at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return wrongType(issue, path);
    case 'invalid_value':
      return `must be ${choices(issue.values)} (got ${describeValue(issue.input)})`;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`);
      const where = path.length === 0 ? 'a scenario' : 'this';
      return keys.length === 1
        ? `unknown field ${keys[0]}: ${where} has no such field (check its spelling)`
        : `unknown fields ${joinOr(keys, 'and')}: ${where} has no such fields (check their spelling)`;
    }
    case 'invalid_union':
      return wrongUnion(issue);
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `must match the pattern ${String(issue.pattern)} (got ${describeValue(issue.input)})`
        : `must be a valid ${issue.format} (got ${describeValue(issue.input)})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)} (got ${describeValue(issue.input)})`;
    case 'invalid_key':
      return `has a key that is not allowed`;
    case 'invalid_element':
      return `has a value that is not allowed`;
    case 'custom':
      return 'is not valid here';
    default:
      return 'is not valid here';
  }
}

/** A number outside its range: the whole range the field allows, with its unit, and the value found. */
function numberRange(issue: RawIssue, path: readonly PropertyKey[]): string {
  const bounds = numberBounds(issue);
  const unit = unitOf(path);
  const got = typeof issue.input === 'number' ? ` (got ${formatNumber(issue.input)}${unit})` : '';
  return `must be ${rangeWords(bounds, unit)}${got}`;
}

type Bounds = { min?: number; minInclusive: boolean; max?: number; maxInclusive: boolean; whole: boolean };

/** The bounds of the schema that raised the issue, read from all its checks, so both ends are named at once. */
function numberBounds(issue: RawIssue): Bounds {
  const bounds: Bounds = { minInclusive: true, maxInclusive: true, whole: false };
  const schema = (issue as { schema?: { _zod?: { def?: { checks?: unknown[] } } } }).schema;
  for (const check of schema?._zod?.def?.checks ?? []) {
    const def = (check as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) continue;
    if (def.check === 'greater_than' && typeof def.value === 'number')
      Object.assign(bounds, { min: def.value, minInclusive: def.inclusive === true });
    else if (def.check === 'less_than' && typeof def.value === 'number')
      Object.assign(bounds, { max: def.value, maxInclusive: def.inclusive === true });
    else if (def.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32'))
      bounds.whole = true;
  }
  // The issue's own bound, in case the schema was not found (a bare check).
  if (issue.code === 'too_small' && bounds.min === undefined && typeof issue.minimum === 'number')
    Object.assign(bounds, { min: issue.minimum, minInclusive: issue.inclusive !== false });
  if (issue.code === 'too_big' && bounds.max === undefined && typeof issue.maximum === 'number')
    Object.assign(bounds, { max: issue.maximum, maxInclusive: issue.inclusive !== false });
  return bounds;
}

function rangeWords(b: Bounds, unit: string): string {
  const kind = b.whole ? 'a whole number' : 'a number';
  const { min, max } = b;
  if (min !== undefined && max !== undefined && b.minInclusive && b.maxInclusive)
    return `${kind} from ${formatNumber(min)} to ${formatNumber(max)}${unit}`;
  const parts: string[] = [];
  if (min !== undefined)
    parts.push(
      b.minInclusive ? `at least ${formatNumber(min)}${unit}` : `more than ${formatNumber(min)}${unit}`,
    );
  if (max !== undefined)
    parts.push(
      b.maxInclusive ? `at most ${formatNumber(max)}${unit}` : `less than ${formatNumber(max)}${unit}`,
    );
  return `${kind} ${parts.join(' and ')}`.trim();
}

/** A list with too few or too many items, counted in what the list holds (named after its field). */
function listSize(issue: RawIssue, path: readonly PropertyKey[]): string {
  const length = Array.isArray(issue.input) ? issue.input.length : undefined;
  const got = length === undefined ? '' : length === 0 ? ' (it is empty)' : ` (it has ${length})`;
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    const count = min === 1 ? `one ${itemNoun(path, 1)}` : `${formatNumber(min)} ${itemNoun(path, min)}`;
    const exact = issue.exact ? 'exactly' : 'at least';
    return `${path.length <= 1 ? 'a scenario needs' : 'needs'} ${exact} ${count}${got}`;
  }
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    return `may have at most ${formatNumber(max)} ${itemNoun(path, max)}${got}`;
  }
  return 'has the wrong number of items';
}

/** What a list's items are called: the singular of its field's name (`nodes`: node), else "item". */
function itemNoun(path: readonly PropertyKey[], count: number): string {
  const last = path[path.length - 1];
  let noun = 'item';
  if (typeof last === 'string') {
    if (/[^aeiou]ies$/.test(last)) noun = `${last.slice(0, -3)}y`;
    else if (/[^s]s$/.test(last)) noun = last.slice(0, -1);
    else if (last === 'timeline') noun = 'entry';
  }
  if (count === 1) return noun;
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

function textLength(issue: RawIssue): string {
  const length = typeof issue.input === 'string' ? issue.input.length : undefined;
  const got = length === undefined ? '' : ` (it has ${length})`;
  if (issue.code === 'too_small')
    return Number(issue.minimum) === 1
      ? 'must not be empty'
      : `must be at least ${formatNumber(Number(issue.minimum))} characters long${got}`;
  return `may be at most ${formatNumber(Number(issue.maximum))} characters long${got}`;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function wrongType(issue: RawIssue, path: readonly PropertyKey[]): string {
  const expected = TYPE_WORDS[String(issue.expected)] ?? `a value of type ${String(issue.expected)}`;
  if (issue.input === undefined) return `is missing: it must be ${expected}`;
  // A whole number expected and a fraction found reads as the range it breaks, with its unit.
  if (issue.expected === 'int' && typeof issue.input === 'number' && Number.isFinite(issue.input))
    return `must be ${rangeWords(numberBounds(issue), unitOf(path))} (got ${formatNumber(issue.input)})`;
  return `must be ${expected} (got ${describeValue(issue.input)})`;
}

function wrongUnion(issue: RawIssue): string {
  const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
  if (options.length > 0) {
    // A discriminated union reports at its discriminator's path, with the whole object as its input.
    const key =
      'discriminator' in issue && typeof issue.discriminator === 'string' ? issue.discriminator : null;
    const input = issue.input;
    const found =
      key !== null && typeof input === 'object' && input !== null
        ? (input as Record<string, unknown>)[key]
        : input;
    if (found === undefined) return `is missing: it must be ${choices(options)}`;
    return `must be ${choices(options)} (got ${describeValue(found)})`;
  }
  // Alternatives that each failed: say what each would have needed.
  const errors =
    'errors' in issue && Array.isArray(issue.errors) ? (issue.errors as { message: string }[][]) : [];
  const needs = errors.map((alt) => alt[0]?.message).filter((m): m is string => typeof m === 'string');
  const unique = [...new Set(needs)];
  if (unique.length > 0) return `fits none of the forms it may take: ${unique.join('; or ')}`;
  return `fits none of the forms it may take (got ${describeValue(issue.input)})`;
}

/** "a", "b" or "c"; a single value alone. */
function choices(values: readonly unknown[]): string {
  const words = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  if (words.length === 1) return words[0] ?? '';
  return `one of ${joinOr(words, 'or')}`;
}

function joinOr(words: readonly string[], last: 'or' | 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** What a value is, as a reader of the data would call it, kept short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value === '') return 'empty text';
    const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
    return `"${shown}"`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Ms and Us fields carry their unit in their name; the message says it after each bound. */
function unitOf(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return '';
  if (/Ms$/.test(last) || last === 'ms') return ' ms';
  if (/Us$/.test(last)) return ' µs';
  return '';
}

function formatNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n);
}
