/**
 * A shared run's first frame, drawn in the simulation worker before the page's entry has arrived: for a page
 * opened with a share link (`#s=`), the worker reads the link as it starts (inbox.ts, prefetch.ts), and when the
 * page's first-look script (public/first-look.js) has given it a port for it (sim.worker.ts), the worker runs the
 * link's run to its first snapshot (firstRun.ts: what its host will post when the page asks for the run) and
 * draws it with the first paint's own functions (src/app/firstPaint/framed.ts, paint.ts and each model's painter),
 * the frame the page's first paint would draw from that snapshot and React then draws: the intro as the page
 * writes it (a preset's, when the link's scenario is a preset's by its name, as boot.ts's `sourceOf` finds it;
 * else the scenario's own name and description, escaped as all text from the link is), the model's own stylesheet
 * inline (the built page carries the entry's, not the models' own). The script puts that markup into the page's
 * root. A chunk of its own, fetched only for such a link: a first visit without one loads none of it.
 *
 * Nothing is drawn for a link that does not read (nothing of it shows: the page says why), a link to a moment
 * (its first snapshot is not the run's first), or a snapshot the first paint would not draw exactly.
 */
import { compactStyle, framedGraphHtml } from '../app/firstPaint/framed.ts';
import { FIRST_FRAME } from '../app/firstPaint/marks.ts';
import { type FrameIntro, registerPainter } from '../app/firstPaint/paint.ts';
import { leaderlessPainter } from '../app/firstPaint/paintLeaderless.ts';
import { multiLeaderPainter } from '../app/firstPaint/paintMultiLeader.ts';
import leaderlessCss from '../app/models/leaderless/leaderless.css?raw';
import multiLeaderCss from '../app/models/multi-leader/multileader.css?raw';
import { presetNamed } from '../sim/scenarios/presets/catalog.ts';
import { firstRunOf } from './firstRun.ts';
import type { Decoded } from './protocol.ts';

registerPainter('multi-leader', multiLeaderPainter);
registerPainter('leaderless', leaderlessPainter);

/**
 * The models' own stylesheets, which the frame carries (the page loads them with the model's code), as the build's
 * prerendered graphs carry them (prerender.ts `modelStyle`: the files as they are, compacted).
 */
const MODEL_CSS: Readonly<Record<string, string>> = {
  'multi-leader': compactStyle(multiLeaderCss),
  leaderless: compactStyle(leaderlessCss),
};

/**
 * The first frame of the run a share link reads as (`decoded`: the worker's reading of it), or null when none is
 * drawn. The run's model's code must be loaded (the engine makes the model).
 */
export function firstFrameOf(decoded: Decoded): string | null {
  if (!decoded.ok || decoded.atUs !== null) return null;
  const run = firstRunOf(decoded.scenario);
  const preset = presetNamed(decoded.scenario.name);
  const intro: FrameIntro = preset
    ? preset.id
    : { name: run.scenario.name, description: run.scenario.description ?? '' };
  return framedGraphHtml(intro, run.snapshot, run.scenario, {
    attributes: FIRST_FRAME,
    css: MODEL_CSS[run.snapshot.view.model] ?? '',
  });
}
