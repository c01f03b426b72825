import type { AppPaths } from '../paths';
import type { Mode, ToolClient } from '../../../shared/schemas';

/** Where a tool should point after an apply (already resolved: URLs final, key in clear). */
export interface ClientTarget {
  providerName: string;
  mode: Mode;
  /** OpenAI-style base URL ending in /v1 (Codex, Hermes). */
  openaiBaseUrl: string;
  /** Anthropic root without /v1 (Claude Code). */
  anthropicBaseUrl: string;
  /** The gateway key (direct mode) or the client's local `sb-` token (proxy mode). */
  apiKey: string;
  /** Model the tool should ask for; undefined: the user's own (what the tool had before Switchboard set one). */
  model?: string;
  /** Claude Code: merge hasCompletedOnboarding into ~/.claude.json. */
  onboarding: boolean;
  /** Codex: 'auth-json' writes OPENAI_API_KEY into auth.json; 'bearer' puts the key in the provider table; 'auto' picks bearer when auth.json holds a ChatGPT login. */
  codexAuth: 'auto' | 'auth-json' | 'bearer';
}

/** The text of each config file as it is now; null when the file does not exist. */
export type FileTexts = ReadonlyMap<string, string | null>;

export interface PlannedFile {
  path: string;
  before: string | null;
  after: string;
  /** True when the file holds a key: written 0600. */
  secret: boolean;
}

/** One value Switchboard owns in a file, remembered after an apply to spot drift. */
export interface OwnedValue {
  file: string;
  key: string;
  value: string;
  secret: boolean;
  /**
   * For a key Switchboard sets only when asked (a model, a proxy-only flag): what the key held
   * before Switchboard first set it (null: nothing), given back by an apply that no longer sets it.
   * Undefined on other keys, and in states saved before it was recorded.
   */
  replaced?: string | null;
}

export interface ClientReading {
  baseUrl: string | null;
  model: string | null;
  /** The key the tool would send, in clear (callers mask it). */
  key: string | null;
  /** The environment variable the tool takes its key from when none of its files holds it (Codex env_key). */
  keyVariable?: string;
  owned: OwnedValue[];
  /** A setting that keeps the tool from starting, or from using what its files point at: one sentence, file and line included. */
  problem?: string;
}

/** What plan() decided: the new file texts, and the owned values it set (remembered to spot drift). */
export interface ClientPlan {
  files: PlannedFile[];
  owned: OwnedValue[];
}

/** How to start the tool once, pointed at a provider, without touching its global files. */
export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Temporary files to write (0600) before the start and delete after the exit. */
  tempFiles: { path: string; text: string }[];
  /**
   * A stand-in for the tool's own folder: every entry of `real` appears in `dir` as a symlink
   * (except the temp files written there), and entries the tool creates in `dir` are moved back
   * into `real` after the exit, so the run keeps the user's data.
   */
  overlay?: { real: string; dir: string };
}

/** Everything launch() plans from: the tool's current files, the target and a fresh private folder. */
export interface LaunchContext {
  paths: AppPaths;
  texts: FileTexts;
  target: ClientTarget;
  tempDir: string;
  toolArgs: string[];
}

/** One module per tool: pure planners over file texts; the client service does the I/O. */
export interface ClientModule {
  id: ToolClient;
  label: string;
  /** The executable's name on PATH. */
  command: string;
  configDir(paths: AppPaths): string;
  /** Every file the module reads or may write, absolute paths. */
  files(paths: AppPaths): string[];
  /** Throws SwitchboardError('config_unparsable') naming file, line and reason. */
  read(paths: AppPaths, texts: FileTexts): ClientReading;
  /**
   * Pure: the new text of every file the apply touches. `previous` is what Switchboard wrote last
   * time (in clear), so a value it set then, nobody changed since, and this apply does not set gives
   * way to what the key held before. Throws like read() on unparsable input.
   */
  plan(paths: AppPaths, texts: FileTexts, target: ClientTarget, previous: readonly OwnedValue[]): ClientPlan;
  /** Pure: how to run the tool for one session without changing its files. */
  launch(context: LaunchContext): LaunchPlan;
  /**
   * Pure: for a file the tool itself keeps rewriting (its own state), what a restore puts there:
   * the file as it is now with only the keys Switchboard sets as the backup had them (null: the
   * file goes, holding nothing else). Undefined: the backup's text, whole.
   */
  restoreText?(paths: AppPaths, file: string, backupText: string | null, currentText: string): string | null | undefined;
}
