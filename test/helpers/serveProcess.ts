import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/switchboard.cjs');

export interface ServeProcess {
  child: ChildProcess;
  /** Everything the command printed so far. */
  output(): string;
  /** The one-time login link it printed. */
  loginUrl: string;
  /** Sends SIGINT (Ctrl+C), or another signal, and resolves with the exit code (null when the signal killed it). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the real `switchboard serve --port N` and waits until it prints its login link. */
export function startServeProcess(env: NodeJS.ProcessEnv, port: number): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const link = /Open the dashboard: (\S+)/.exec(output);
      if (link) {
        resolve({
          child,
          output: () => output,
          loginUrl: link[1],
          stop: (signal = 'SIGINT') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`switchboard serve exited with ${code} before printing its login link:\n${output}`)));
  });
}
