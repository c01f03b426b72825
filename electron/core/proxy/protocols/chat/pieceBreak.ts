/**
 * Chat content (and reasoning_content) is one string, so pieces the upstream kept apart
 * (Responses message items, Anthropic text on either side of a tool call) are joined by a blank
 * line: words never run together, and in Markdown, which these replies mostly are, a blank line
 * is a paragraph break that also ends a list or a table before the next piece. A space would
 * not, and a single newline reads as the same paragraph.
 */
export const PIECE_BREAK = '\n\n';
