/** Entry point of `npm run sim`: see main.ts. */
import { runCli } from './main.ts';

const result = runCli(process.argv.slice(2), { progress: (line) => process.stderr.write(line) });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
