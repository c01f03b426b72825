import { describe, expect, it } from 'vitest';
import { noDiscrepancies } from '../../../electron/cliAccounts';

const totals = (over: { ledgerCalls: number; unpricedCalls?: number }) => ({
  gatewayCalls: over.ledgerCalls, matched: over.ledgerCalls, discrepancies: 0, unpricedCalls: 0, byIssue: {}, billedUsd: 1, expectedUsd: 1, overchargeUsd: 0, ...over,
});

describe('the sentence of an audit that flagged nothing', () => {
  it('claims only what the audit read: the whole bill, the logs read, the latest ledger calls read, or both', () => {
    const said = (logs: boolean, ledger: boolean) => noDiscrepancies({ cut: { logs, ledger }, totals: totals({ ledgerCalls: 12 }) });
    expect(said(false, false)).toBe("No discrepancies: the gateway's bill matches the 12 calls the proxy made.");
    expect(said(true, false)).toBe('No discrepancies in the logs read: they match the 12 calls the proxy made.');
    expect(said(false, true)).toBe("No discrepancies in the ledger calls read: the gateway's bill matches 12 of the proxy's latest calls, the ones the audit read.");
    expect(said(true, true)).toBe("No discrepancies in the logs and ledger calls read: the logs read match 12 of the proxy's latest calls, the ones the audit read.");
  });

  it('says charges were judged only where priced, before what it read', () => {
    expect(noDiscrepancies({ cut: { logs: false, ledger: true }, totals: totals({ ledgerCalls: 3, unpricedCalls: 1 }) })).toBe(
      "No discrepancies in calls, tokens or models (charges judged only where priced) in the ledger calls read: the gateway's bill matches 3 of the proxy's latest calls, the ones the audit read.",
    );
  });
});
