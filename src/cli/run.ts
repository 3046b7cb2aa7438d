/** Entry point of `npm run sim`: see main.ts. */
import { runCli } from './main.ts';

// An output that cannot take the report (redirected to a full disk, say) ends the run with one line naming the
// cause and exit code 1, not Node's stack trace of an unhandled 'error' event. A reader that closed the pipe
// early (`| head`) wanted no more: that ends it quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') return;
  process.stderr.write(`error: cannot write the report to standard output: ${e.code ?? e.message}\n`);
  process.exitCode = 1;
});

const result = runCli(process.argv.slice(2), { progress: (line) => process.stderr.write(line) });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
