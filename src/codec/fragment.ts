/**
 * The address's fragment, read the same way by the page (src/app/boot.ts, main.tsx) and by the simulation worker's
 * prefetch (src/worker/prefetch.ts): one copy, with no imports, so the worker's first chunk stays small.
 *
 * Embed mode: a link whose fragment carries `embed` (`#preset=split-brain&embed`, or a share link with `&embed`)
 * opens the player alone (graph, scrubber, caption, play controls) for an iframe in a course page or a post.
 * The flag is one more `&`-separated part of the fragment, so share links and presets read it unchanged.
 */

/** Whether the fragment asks for the embedded player: a part `embed` or `embed=1`. */
export function isEmbedHash(hash: string): boolean {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  return text.split('&').some((part) => part === 'embed' || part === 'embed=1');
}

/** The same fragment without the embed flag: what "Open in Replication Lab" links to. */
export function withoutEmbed(hash: string): string {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const kept = text.split('&').filter((part) => part !== 'embed' && part !== 'embed=1' && part !== '');
  return kept.length > 0 ? `#${kept.join('&')}` : '';
}

const PRESET_PREFIX = 'preset=';

/**
 * The run a fragment names, the embed flag aside: the default preset (nothing left), a built-in preset by its
 * percent-encoded id (`preset=<id>`; id null when it does not decode), or other text (a share link's `s=...`, or
 * anything else, which the page tries to decode as one).
 */
export type FragmentRun =
  | { readonly kind: 'default' }
  | { readonly kind: 'preset'; readonly id: string | null }
  | { readonly kind: 'other'; readonly text: string };

export function runOfFragment(hash: string): FragmentRun {
  const text = withoutEmbed(hash).slice(1);
  if (text === '') return { kind: 'default' };
  if (!text.startsWith(PRESET_PREFIX)) return { kind: 'other', text };
  try {
    return { kind: 'preset', id: decodeURIComponent(text.slice(PRESET_PREFIX.length)) };
  } catch {
    return { kind: 'preset', id: null };
  }
}
