import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SwitchboardError } from '../errors';
import { mirrorFolder, syncBack, type Mirror } from './overlay';
import type { LaunchPlan } from './types';

/** A fresh folder only this user can read, for one run's temp files. */
export function makePrivateTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-run-'));
}

function writeTempFiles(plan: LaunchPlan): void {
  for (const file of plan.tempFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file.path, file.text, { mode: 0o600, flag: 'wx' });
  }
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + (os.constants.signals[signal] ?? 0) : 1;
}

/**
 * Starts the tool with the plan's arguments and environment, stdio inherited, and resolves to its
 * exit code. The temp folder (keys included) is removed afterwards, whatever happened.
 */
export async function runLaunchPlan(plan: LaunchPlan, tempDir: string, baseEnv: NodeJS.ProcessEnv = process.env): Promise<number> {
  let mirror: Mirror | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  const forward = (signal: NodeJS.Signals) => child?.kill(signal);
  // Ctrl-C reaches the tool through the terminal; Switchboard only waits for it to finish.
  const ignore = () => {};
  try {
    writeTempFiles(plan);
    if (plan.overlay) mirror = mirrorFolder(plan.overlay.real, plan.overlay.dir);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    return await new Promise<number>((resolve, reject) => {
      child = spawn(plan.command, plan.args, { stdio: 'inherit', env: { ...baseEnv, ...plan.env } });
      child.on('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'ENOENT'
            ? new SwitchboardError('not_found', `${plan.command} is not installed or not on PATH; install it, then try again.`)
            : new SwitchboardError('internal', `${plan.command} could not be started: ${err.message}`),
        );
      });
      child.on('exit', (code, signal) => resolve(exitCodeOf(code, signal)));
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
    try {
      if (mirror) syncBack(mirror, new Set(plan.tempFiles.map((f) => path.relative(mirror!.dir, f.path).split(path.sep)[0])));
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  }
}
