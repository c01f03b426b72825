// The entry of the `switchboard` command (bin/switchboard.cjs, and the bundle built from it).
// Help and the version are answered from cliHelp.ts alone; the commands (cli.ts, with zod, the app
// and the config parsers) are imported only when one runs, so --help does not pay for loading them.
import type { Io } from './cliCommon';
import { helpFor } from './cliHelp';
import { lineWriter } from './cliLineWriter';

/** Runs one command line; returns the exit code. Errors become one sentence on stderr. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const help = helpFor(argv);
  if (help !== undefined) {
    io.out(help);
    return 0;
  }
  const [command, ...rest] = argv;
  if (command === '__complete') {
    // A Tab press: most words come from the help alone, without loading the commands or opening the data folder.
    const fromHelp = await (await import('./cliCompletion')).completeFromHelp(rest);
    if (fromHelp !== null) {
      if (fromHelp.length) io.out(fromHelp.join('\n'));
      return 0;
    }
  }
  const { runCommandLine } = await import('./cli');
  return runCommandLine(command, rest, io);
}

const readStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    out: lineWriter(1),
    err: lineWriter(2),
    env: process.env,
    stdin: readStdin,
  });
  // Out at once: the output is written (synchronously, see cliLineWriter) and the command has
  // finished its work. Node's orderly teardown after the last callback (waiting for V8's background
  // tasks, freeing the heap) took about 2 ms of every command.
  process.exit(code);
}
