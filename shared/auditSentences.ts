// The audit's notes, and what it could not read, in English, as the command line prints them
// (table and --json). The dashboard words the same figures through its catalogue, in the chosen language.
import type { AuditNote, AuditReport } from './accountsContract';
import { formatCount } from './formatCount';
import { usd } from './moneyFigures';

export function auditNoteSentence(note: AuditNote): string {
  switch (note.code) {
    case 'model_differs':
      return `The gateway billed ${note.billedModel}; the proxy asked for ${note.proxyModel}.`;
    case 'billed_failed_call':
      return `The gateway billed a call that failed before anything reached the client (${usd(note.billedUsd)}).`;
    case 'client_left':
    case 'stream_broke_off':
      return `${note.code === 'client_left' ? 'Its client left before the end' : 'Its stream broke off'}, after the proxy saw ${formatCount(note.proxyCompletion)} completion tokens; the gateway billed ${formatCount(note.billedCompletion)}, which the proxy cannot check.`;
    case 'counts_estimated':
      return `The gateway reported no usage to the proxy, whose ${formatCount(note.proxyPrompt)} prompt and ${formatCount(note.proxyCompletion)} completion tokens are estimates; the gateway billed ${formatCount(note.billedPrompt)} and ${formatCount(note.billedCompletion)}, which the proxy cannot check.`;
    case 'completion_estimated':
      return `The gateway's stream ended without its final completion count, so the proxy's ${formatCount(note.proxyCompletion)} completion tokens are an estimate (its ${formatCount(note.proxyPrompt)} prompt tokens are the gateway's); the gateway billed ${formatCount(note.billedCompletion)}, which the proxy cannot check.`;
    case 'prompt_differs':
      return `The gateway billed ${formatCount(note.billedPrompt)} prompt tokens; it reported ${formatCount(note.proxyPrompt)} to the proxy.`;
    case 'tokens_differ':
      return `The gateway billed ${formatCount(note.billedPrompt)} prompt and ${formatCount(note.billedCompletion)} completion tokens; the proxy saw ${formatCount(note.proxyPrompt)} and ${formatCount(note.proxyCompletion)}.`;
    case 'charge_differs':
      return `The gateway charged ${usd(note.billedUsd)}; the price snapshot gives ${usd(note.expectedUsd)}.`;
    case 'billed_twice':
      return `The gateway billed request ${note.requestId} again: the proxy made this ${note.model} call once.`;
    case 'not_made_by_proxy':
      return `The gateway billed a ${note.model} call that the proxy never made.`;
    case 'not_billed':
      return `The proxy made a ${note.model} call through ${note.provider} that the gateway's log does not show.`;
  }
}

/** Why the report leaves calls out, naming each list the audit read only in part, in one sentence. */
export function auditIncompleteSentence({ logs, ledger }: NonNullable<AuditReport['incomplete']>): string {
  const cuts = [
    ...(logs ? [`the gateway has ${logs.total === null ? `more than ${formatCount(logs.read)}` : formatCount(logs.total)} log entries in this window and the audit read only ${formatCount(logs.read)}`] : []),
    ...ledger.map(({ provider, read, total }) => `the proxy's ledger has ${formatCount(total)} calls through ${provider} in this window and the day before it and the audit read only the latest ${formatCount(read)}`),
  ];
  const text = `${cuts.join('; ')}, so its figures leave calls out; audit a shorter window to see them all.`;
  return text[0].toUpperCase() + text.slice(1);
}

/** The report as `audit --json` prints it: notes and the incomplete warning as English sentences. */
export function auditReportInEnglish(report: AuditReport) {
  return {
    ...report,
    incomplete: report.incomplete && auditIncompleteSentence(report.incomplete),
    calls: report.calls.map((c) => ({ ...c, notes: c.notes.map(auditNoteSentence) })),
  };
}
