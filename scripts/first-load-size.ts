/**
 * Lists the JavaScript a first visit loads before the first graph is drawn (bench/lib/firstLoad.ts), from the
 * production build in dist/, with each chunk's raw and gzip size and the total against the 110 kB target.
 *
 *   npx vite build && npx tsx scripts/first-load-size.ts [dist]
 */
import { firstLoad, kB } from '../bench/lib/firstLoad.ts';

const TARGET_GZIP = 110_000;

const result = firstLoad(process.argv[2] ?? 'dist');
for (const c of result.chunks)
  console.log(
    `${c.part.padEnd(10)} ${c.file.padEnd(48)} ${kB(c.bytes).padStart(10)} ${kB(c.gzip).padStart(9)} gzip`,
  );
console.log(
  `${'total'.padEnd(59)} ${kB(result.bytes).padStart(10)} ${kB(result.gzip).padStart(9)} gzip (target ${kB(TARGET_GZIP)})`,
);
