/**
 * The proxy endpoints a usage ledger row names, as short stable names: stored in the ledger, shown
 * in the calls list and CSV, and taken by `switchboard usage --endpoint`; never renamed.
 */
export const CALL_ENDPOINTS = [
  'messages',
  'chat',
  'responses',
  'embeddings',
  'images.generations',
  'images.edits',
  'audio.speech',
  'audio.transcriptions',
  'audio.translations',
  'moderations',
] as const;

export type CallEndpoint = (typeof CALL_ENDPOINTS)[number];
