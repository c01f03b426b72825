/**
 * Tool-call arguments are JSON text in the OpenAI protocols and an object in Anthropic's.
 * Text that is not a JSON object is never dropped: it travels wrapped under RAW_ARGUMENTS_KEY,
 * so the call still reaches the client (which reports the bad input back to the model).
 */
import { isRecord, parseJson, str } from './guards';
import type { NormTool } from './ir';

const RAW_ARGUMENTS_KEY = 'raw_arguments';

export function toolInputObject(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  const parsed = parseJson(args);
  return isRecord(parsed) ? parsed : { [RAW_ARGUMENTS_KEY]: args };
}

/** The argument text to send on: a call without arguments becomes "{}" so callers can parse it. */
export function argumentsText(args: string): string {
  return args.trim() === '' ? '{}' : args;
}

/** JSON text for a tool input object that Anthropic sent. */
export function argumentsFromInput(input: unknown): string {
  return JSON.stringify(isRecord(input) ? input : {});
}

/*
 * Free-form (custom) tools such as Codex's apply_patch take one string. Protocols without them
 * get a function tool with a single string parameter, and the call's input is read back from it.
 */
const CUSTOM_INPUT_KEY = 'input';

export function customToolArguments(input: string): string {
  return JSON.stringify({ [CUSTOM_INPUT_KEY]: input });
}

export function customToolInput(args: string): string {
  const input = toolInputObject(args);
  const value = input[CUSTOM_INPUT_KEY] ?? input[RAW_ARGUMENTS_KEY];
  return typeof value === 'string' ? value : args;
}

export function customToolParameters(tool: NormTool): Record<string, unknown> {
  const format = isRecord(tool.custom?.format) ? tool.custom.format : {};
  const grammar = str(format.definition);
  const syntax = str(format.syntax);
  const description = grammar
    ? `The raw input for this tool. It must follow this ${syntax ? `${syntax} ` : ''}grammar:\n${grammar}`
    : 'The raw input for this tool.';
  return {
    type: 'object',
    properties: { [CUSTOM_INPUT_KEY]: { type: 'string', description } },
    required: [CUSTOM_INPUT_KEY],
    additionalProperties: false,
  };
}
