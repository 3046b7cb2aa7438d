/** Marks the end of an exhaustive switch: adding a case to a union without handling it is a type error. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
