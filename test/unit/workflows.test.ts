import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(ROOT, '.github', 'workflows');
const SCRIPTS = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
/** GitHub's own actions, and the usual one for attaching files to a release. */
const STANDARD_ACTIONS = ['actions/checkout', 'actions/setup-node', 'actions/upload-artifact', 'actions/download-artifact', 'softprops/action-gh-release'];

interface Step {
  uses?: string;
  run?: string;
}
interface Workflow {
  on: Record<string, unknown> | string;
  jobs: Record<string, { 'runs-on': string; strategy?: { matrix: { include: { os: string; browser: string }[] } }; env?: Record<string, string>; steps: Step[] }>;
}

function load(name: string): Workflow {
  const doc = parseDocument(fs.readFileSync(path.join(DIR, name), 'utf8'));
  expect(doc.errors.map((e) => e.message), name).toEqual([]);
  return doc.toJS() as Workflow;
}

const runs = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? [s.run.trim()] : [])));

describe('GitHub workflows', () => {
  it('are valid YAML whose steps run only npm and project scripts, or standard actions', () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(files.sort()).toEqual(['release.yml', 'smoke.yml']);
    for (const file of files) {
      const wf = load(file);
      for (const step of Object.values(wf.jobs).flatMap((job) => job.steps)) {
        expect(Boolean(step.uses) !== Boolean(step.run), `${file}: a step either uses an action or runs a command`).toBe(true);
        if (step.uses) {
          expect(STANDARD_ACTIONS, `${file}: ${step.uses}`).toContain(step.uses.split('@')[0]);
          expect(step.uses, `${file}: actions are pinned to a version`).toMatch(/@v\d+$/);
        }
        if (step.run) {
          const command = step.run.trim();
          expect(command, `${file}: one command per step`).not.toContain('\n');
          const npm = /^npm (ci|test|run ([\w:-]+))(\s+--\s+.*)?$/.exec(command);
          expect(npm, `${file}: "${command}" is not an npm command`).not.toBeNull();
          if (npm?.[2]) expect(SCRIPTS, `${file}: npm run ${npm[2]}`).toContain(npm[2]);
        }
      }
    }
  });

  it('release: on a v* tag, tests and packages on macOS, Windows and Linux, then attaches the installers', () => {
    const wf = load('release.yml');
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
    const build = wf.jobs.installers;
    expect(build.strategy?.matrix.include.map((m) => m.os).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
    expect(build.env?.SWITCHBOARD_TEST_BROWSER).toBe('${{ matrix.browser }}');
    const commands = build.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(commands.indexOf('npm test')).toBeGreaterThan(commands.indexOf('npm ci'));
    expect(commands.indexOf('npm run dist')).toBeGreaterThan(commands.indexOf('npm test'));
    expect(wf.jobs.publish.steps.map((s) => s.uses?.split('@')[0])).toContain('softprops/action-gh-release');
  });

  it('smoke: on every push, packages the Linux app and runs the smoke script against it', () => {
    const wf = load('smoke.yml');
    expect(wf.on).toBe('push');
    expect(runs(wf)).toEqual(['npm ci', 'npm run dist -- --linux dir', 'npm run smoke']);
    expect(Object.values(wf.jobs)[0]['runs-on']).toBe('ubuntu-latest');
  });
});
