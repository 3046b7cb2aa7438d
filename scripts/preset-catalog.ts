/**
 * Writes src/sim/scenarios/presets/catalog.json: what the page shows of each preset (its id, title, one line,
 * model, the anomaly kinds it shows, the preset it fixes, its speed, its scenario's name), without the
 * scenarios themselves; and stories.json, each preset's whole story by id. The page lists, titles and tells presets from this file alone, so it never loads the
 * preset definitions or the schema; the simulation worker loads a preset's scenario by id. And
 * src/worker/onDemand/presetFiles.json: the file each preset is declared in, with its model, scenario name and the
 * kinds it shows, so the worker fetches only that file (src/worker/onDemand/presets.ts).
 * tests/unit/presetCatalog.test.ts fails when the file no longer matches the presets: run this again then.
 *
 *   npx tsx scripts/preset-catalog.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { presetCatalog, presetStories } from '../src/sim/scenarios/presets/catalogOf.ts';
import { presetPlacesOf } from '../src/worker/onDemand/presets.ts';

const at = (name: string) => fileURLToPath(new URL(`../src/sim/scenarios/presets/${name}`, import.meta.url));
writeFileSync(at('catalog.json'), `${JSON.stringify(presetCatalog(), null, 2)}\n`);
writeFileSync(at('stories.json'), `${JSON.stringify(presetStories(), null, 2)}\n`);
const places = fileURLToPath(new URL('../src/worker/onDemand/presetFiles.json', import.meta.url));
writeFileSync(places, `${JSON.stringify(await presetPlacesOf(), null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', at('catalog.json'), at('stories.json'), places], {
  stdio: 'inherit',
});
