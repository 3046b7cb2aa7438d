/**
 * Returns `s` flattened. V8 builds a template literal or a chain of `+` as a tree of pieces (a cons string) and
 * joins it into one block only when the text is first read character by character. A string the run keeps (a
 * conflict's outcome, a discarded write's reason, a worded anomaly: tens of thousands of them in a
 * last-write-wins run) would otherwise stay a tree of a dozen small objects that every garbage collection walks;
 * reading one character makes V8 flatten it there and then, once. Other engines read a character and change
 * nothing. The text is the same either way.
 */
export function flat(s: string): string {
  s.charCodeAt(s.length >> 1);
  return s;
}
