/**
 * public/first-look.js as the built page carries it inline (vite.config.ts `inlineFirstLook`): without its
 * opening comment, with the ids of the presets whose first graph the build drew into first-graph/<id>.html in its
 * LINKED list, and the Content Security Policy source that allows it (its sha256 hash: the policy allows no other
 * inline script). Node only (the build and the tests), string work only: the config imports it directly.
 */
import { createHash } from 'node:crypto';

/** The line of public/first-look.js the build fills in. */
export const LINKED_PLACEHOLDER = 'const LINKED = [];';

export function firstLookInline(source: string, linked: readonly string[]): { code: string; source: string } {
  if (!source.includes(LINKED_PLACEHOLDER)) throw new Error(`first-look.js has no ${LINKED_PLACEHOLDER}`);
  for (const id of linked)
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`first-look.js: "${id}" is not an id its links can name`);
  const code = source
    .replace(/^\/\*[\s\S]*?\*\/\s*/, '')
    .replace(LINKED_PLACEHOLDER, () => `const LINKED = ${JSON.stringify(linked)};`);
  if (/<\/script/i.test(code)) throw new Error('first-look.js cannot be inlined (</script)');
  return { code, source: `'sha256-${createHash('sha256').update(code).digest('base64')}'` };
}
