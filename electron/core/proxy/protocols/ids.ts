import { randomBytes } from 'node:crypto';

type ReplyIdPrefix = 'msg_' | 'chatcmpl-' | 'resp_';
const REPLY_ID_PREFIX = /^(msg_|chatcmpl-|resp_)/;

/** A reply id in the caller's style, derived from the upstream's id so logs on both sides correlate. */
export function replyId(prefix: ReplyIdPrefix, upstreamId?: string): string {
  if (upstreamId?.startsWith(prefix)) return upstreamId;
  return prefix + (upstreamId ? upstreamId.replace(REPLY_ID_PREFIX, '') : randomBytes(12).toString('hex'));
}

export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$; some gateways issue ids like "functions.read:0". */
export function anthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'toolu_unnamed';
}
