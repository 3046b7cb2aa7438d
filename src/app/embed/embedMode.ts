/**
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
