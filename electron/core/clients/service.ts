import fs from 'node:fs';
import { maskSecret } from '../../../shared/mask';
import { TOOL_CLIENTS, type ApplyResult, type BackupReason, type BackupView, type ClientStatus, type Drift, type ToolClient } from '../../../shared/schemas';
import { SwitchboardError, toSwitchboardError } from '../errors';
import { assertWritable, fileMode, readConfigText, removeFileThroughLinks, resolveLinks, writeFileAtomic } from '../files/atomicWrite';
import { changedMeanwhile, configProblemAsRead } from '../files/configErrors';
import type { AppPaths } from '../paths';
import type { SecretStore } from '../secrets/secretStore';
import { createBackupRepo, type BackedUpFile } from '../store/backups';
import { createClientStateRepo, type AppliedState } from '../store/clientState';
import type { Db } from '../store/db';
import { LOCAL_TOKEN_PREFIX } from '../store/localTokens';
import { clientModules } from './index';
import type { ClientModule, ClientTarget, FileTexts, OwnedValue } from './types';
import { findExecutable } from './which';

export interface ClientServiceDeps {
  db: Db;
  secrets: SecretStore;
  paths: AppPaths;
  now: () => number;
  /** The environment tools are found in and started with; default: this process's. */
  env?: NodeJS.ProcessEnv;
}

/** An apply, with the provider already resolved by the caller (URLs final, key or local token in clear). */
export interface ApplyRequest {
  client: ToolClient;
  providerId: number | null;
  providerName: string;
  target: ClientTarget;
  dryRun: boolean;
}

/** What the tool's own files say; the app adds the route behind its token. */
export type ToolFileStatus = Omit<ClientStatus, 'route' | 'provider'>;

export interface RestoreResult {
  client: ToolClient;
  backupId: number;
  files: string[];
  /** The tool's files Switchboard has changed that the backup does not hold: the restore leaves them as they are. */
  untouched: string[];
  dryRun: boolean;
}

/** The local tokens a tool's applied state wrote that are no longer the client's token (rotated since). */
function staleLocalTokens(state: AppliedState | null, current: string): string[] {
  const written = state?.mode === 'proxy' ? state.written : [];
  return [...new Set(written.filter((v) => v.secret && v.value.startsWith(LOCAL_TOKEN_PREFIX) && v.value !== current).map((v) => v.value))];
}

const shown = (v: OwnedValue) => (v.secret ? maskSecret(v.value) : v.value);

/** Owned values Switchboard wrote that read differently now: edited outside the app. */
function driftOf(written: readonly OwnedValue[], current: readonly OwnedValue[]): Drift[] {
  return written.flatMap((w) => {
    const now = current.find((c) => c.file === w.file && c.key === w.key);
    if (now?.value === w.value) return [];
    return [{ file: w.file, key: w.key, expected: shown(w), actual: now ? shown(now) : '(removed)' }];
  });
}

/** The file a path leads to exists; a link loop leads nowhere (status names it in its error, and must not throw). */
function existsThroughLinks(file: string): boolean {
  try {
    return fs.existsSync(resolveLinks(file));
  } catch {
    return false;
  }
}

/** The current text of each of the tool's files (null for a missing one). */
export function readTexts(module: ClientModule, paths: AppPaths): Map<string, string | null> {
  return new Map(module.files(paths).map((file) => [file, readConfigText(file)]));
}

/**
 * The values a diff of these files is about, from what is there now and what is about to be
 * written: the secrets among them, to mask, and the rest (base URLs, models), to show in clear.
 */
function ownedIn(module: ClientModule, paths: AppPaths, texts: FileTexts, extra: readonly OwnedValue[]): { secrets: string[]; readable: string[] } {
  let present: OwnedValue[] = [];
  let key: string | null = null;
  try {
    ({ owned: present, key } = module.read(paths, texts));
  } catch {
    // an unparsable file fails the plan with its own message
  }
  const all = [...present, ...extra];
  return { secrets: all.filter((v) => v.secret).map((v) => v.value).concat(key ?? []), readable: all.filter((v) => !v.secret).map((v) => v.value) };
}

/** Reads, plans, backs up and writes the tools' configuration; the modules stay pure planners. */
export function createClientService({ db, secrets, paths, now, env = process.env }: ClientServiceDeps) {
  const states = createClientStateRepo(db, secrets);
  const backups = createBackupRepo(db, secrets, now);

  const snapshot = (files: readonly { path: string }[]): BackedUpFile[] =>
    files.map((f) => ({ path: f.path, text: readConfigText(f.path), mode: fileMode(f.path) }));

  const appliedState = (client: ToolClient): AppliedState | null => states.get(client)?.state ?? null;

  /** Makes a file hold `text` (null: makes it not exist); a null mode keeps the file's current one. */
  function place(file: BackedUpFile): void {
    if (file.text === null) removeFileThroughLinks(file.path);
    else writeFileAtomic(file.path, file.text, { mode: file.mode ?? undefined });
  }

  /** Writes files already checked writable; if one write fails, the ones before it are put back. */
  function placeAll(files: readonly BackedUpFile[], undo: readonly BackedUpFile[]): void {
    const done: BackedUpFile[] = [];
    try {
      for (const f of files) {
        place(f);
        done.push(undo.find((u) => u.path === f.path)!);
      }
    } catch (err) {
      for (const u of done.reverse()) place(u);
      throw err;
    }
  }

  /**
   * Backs up the files as they are now, then writes them (already checked writable); returns the
   * backup's id. `planned` holds the texts the new ones were made from: a file another program
   * wrote since is refused before anything is written, not overwritten with a plan for its old text.
   */
  function writeBackedUp(client: ToolClient, reason: BackupReason, files: readonly BackedUpFile[], state: AppliedState | null, planned?: FileTexts): number {
    const before = snapshot(files);
    const changed = planned && before.find((f) => f.text !== (planned.get(f.path) ?? null));
    if (changed) throw changedMeanwhile(changed.path);
    const id = backups.create(client, reason, before, state);
    placeAll(files, before);
    return id;
  }

  /** What Switchboard last applied to a tool, under its provider's current name; null when nothing. */
  function appliedView(client: ToolClient): ToolFileStatus['applied'] {
    const stored = states.get(client);
    return stored ? { provider: stored.providerName, mode: stored.state.mode, model: stored.state.model, appliedAt: stored.state.appliedAt } : null;
  }

  function statusOf(client: ToolClient): ToolFileStatus {
    const module = clientModules[client];
    const stored = states.get(client);
    const state = stored?.state;
    let reading = null;
    let error: string | null = null;
    try {
      reading = module.read(paths, readTexts(module, paths));
    } catch (err) {
      error = configProblemAsRead(toSwitchboardError(err));
    }
    error ??= reading?.problem ?? null;
    return {
      client,
      label: module.label,
      configDir: module.configDir(paths),
      installed: findExecutable(module.command, env) !== null || fs.existsSync(module.configDir(paths)),
      files: module.files(paths).map((file) => ({ path: file, exists: existsThroughLinks(file) })),
      current: { baseUrl: reading?.baseUrl ?? null, model: reading?.model ?? null, key: reading?.key ? maskSecret(reading.key) : null },
      applied: appliedView(client),
      drift: state && reading ? driftOf(state.written, reading.owned) : [],
      error,
    };
  }

  return {
    /** Where each tool points now, what Switchboard applied, and what changed outside the app since. */
    status(): ToolFileStatus[] {
      return TOOL_CLIENTS.map(statusOf);
    },

    applied: appliedView,

    /**
     * Puts a new local token wherever the tool's files hold the old one, changing no other byte, so
     * settings edited since the last apply stay; backed up like an apply. The files are read once:
     * whether the tool still sends the old token, the new texts and the check that no other program
     * wrote them since all come from that reading. `issue` makes the new token once every file is
     * known to be writable, and is undone with the files when they cannot be written. Returns the
     * files changed, or null when the tool no longer sends the old token (its files are left alone).
     */
    swapToken(client: ToolClient, oldToken: string, issue: () => string): string[] | null {
      const module = clientModules[client];
      const texts = readTexts(module, paths);
      if (module.read(paths, texts).key !== oldToken) {
        issue();
        return null;
      }
      const holding = [...texts].flatMap(([file, text]) => (text?.includes(oldToken) ? [{ path: file, text }] : []));
      for (const f of holding) assertWritable(f.path);
      const stored = states.get(client);
      return db.transaction(() => {
        const newToken = issue();
        if (!holding.length) return [];
        writeBackedUp(
          client,
          { code: 'rotate_token' },
          holding.map((f) => ({ path: f.path, text: f.text.split(oldToken).join(newToken), mode: null })),
          stored?.state ?? null,
          texts,
        );
        if (stored) states.save(client, { ...stored.state, written: stored.state.written.map((v) => (v.value === oldToken ? { ...v, value: newToken } : v)) });
        return holding.map((f) => f.path);
      })();
    },

    /** Points a tool at a provider: plan, masked diff, then (unless a dry run) backup and atomic writes. */
    async apply(request: ApplyRequest): Promise<ApplyResult> {
      // The diff package is loaded only here, not by every command that reads the tools' files;
      // before the files are read, so reading, planning and writing stay one synchronous step.
      const { maskedDiff } = await import('../files/maskedDiff');
      const { client, target } = request;
      const module = clientModules[client];
      const texts = readTexts(module, paths);
      const previous = appliedState(client);
      const plan = module.plan(paths, texts, target, previous?.written ?? []);
      const { secrets, readable } = ownedIn(module, paths, texts, plan.owned);
      const after = new Map(texts);
      for (const f of plan.files) after.set(f.path, f.after);
      const result: ApplyResult = {
        client,
        provider: request.providerName,
        mode: target.mode,
        model: module.read(paths, after).model,
        dryRun: request.dryRun,
        backupId: null,
        files: plan.files.map((f) => ({
          path: f.path,
          diff: f.before === f.after ? '' : maskedDiff(f.path, f.before, f.after, [target.apiKey, ...secrets], readable),
          created: f.before === null,
          changed: f.before !== f.after,
        })),
      };
      if (request.dryRun) return result;

      const changed = plan.files.filter((f) => f.before !== f.after);
      for (const f of changed) assertWritable(f.path);
      if (changed.length) {
        result.backupId = writeBackedUp(
          client,
          { code: 'use', provider: request.providerName, mode: target.mode },
          changed.map((f) => ({ path: f.path, text: f.after, mode: f.secret ? 0o600 : null })),
          previous,
          texts,
        );
      }
      states.save(client, { providerId: request.providerId, mode: target.mode, model: target.model ?? null, appliedAt: now(), written: plan.owned });
      return result;
    },

    /**
     * Puts back the files (and the applied state) of a backup, the newest by default; itself undoable.
     * `localToken` gives the client's current proxy token: a backup made before a token rotation holds
     * the old one, which no longer works, so it comes back as the current one (the rest byte for byte).
     * A dry run only says which files the restore writes and which it leaves.
     */
    async restore(client: ToolClient, backupId?: number, localToken?: () => string, dryRun = false): Promise<RestoreResult> {
      const module = clientModules[client];
      const { label } = module;
      const backup = backups.get(client, backupId);
      if (!backup) {
        throw new SwitchboardError(
          'not_found',
          backupId === undefined
            ? `There is no backup of ${label} yet, so there is nothing to restore.`
            : `There is no backup #${backupId} of ${label}; "switchboard restore --client ${client} --list" shows the ones kept.`,
        );
      }
      // A file Switchboard first changed after this backup was as its original then: it goes back too.
      const files = [...backup.files, ...backups.originalsAfter(client, backup.id).filter((o) => !backup.files.some((f) => f.path === o.path))].map((f) => {
        const current = readConfigText(f.path);
        const text = current === null ? undefined : module.restoreText?.(paths, f.path, f.text, current);
        return text === undefined ? f : { ...f, text, mode: null };
      });
      // A backup holds only the files its write changed (a token rotation's, only those holding the
      // token): the tool's other files keep what a later switch put there, which the person is told.
      const changedEver = new Set(backups.changedPaths(client));
      const untouched = module.files(paths).filter((file) => changedEver.has(file) && !files.some((f) => f.path === file));
      const result: RestoreResult = { client, backupId: backup.id, files: files.map((f) => f.path), untouched, dryRun };
      if (dryRun) return result;
      const token = localToken?.();
      const stale = token ? staleLocalTokens(backup.state, token) : [];
      const renewed = (text: string) => stale.reduce((t, old) => t.split(old).join(token!), text);
      const restored = files.map((f) => {
        const text = f.text === null ? null : renewed(f.text);
        return text === f.text ? f : { ...f, text, mode: null };
      });
      for (const f of restored) assertWritable(f.path);
      writeBackedUp(client, { code: 'restore', backupId: backup.id }, restored, appliedState(client));
      if (backup.state) states.save(client, { ...backup.state, written: backup.state.written.map((v) => ({ ...v, value: renewed(v.value) })) });
      else states.clear(client);
      return result;
    },

    backups(client: ToolClient): BackupView[] {
      return backups.list(client);
    },

    /** Runs the tool once pointed at the target, leaving its files alone; resolves to its exit code. */
    async launch(client: ToolClient, target: ClientTarget, toolArgs: string[]): Promise<number> {
      const module = clientModules[client];
      const texts = readTexts(module, paths);
      // Loaded here: child processes are for `run` only, not for every command's start.
      const { makePrivateTempDir, runLaunchPlan } = await import('./run');
      const tempDir = makePrivateTempDir();
      let plan;
      try {
        plan = module.launch({ paths, texts, target, tempDir, toolArgs });
      } catch (err) {
        fs.rmSync(tempDir, { recursive: true, force: true });
        throw err;
      }
      return runLaunchPlan(plan, tempDir, env);
    },
  };
}

export type ClientService = ReturnType<typeof createClientService>;
