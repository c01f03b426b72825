// The ledger's writer thread: takes batches of call records from the thread that serves the proxy
// and writes them on a connection of its own, so SQLite's work (the row, its indexes, the three
// totals tables) no longer takes turns with the calls. Bundled on its own (ledgerThread.cjs).
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../store/db';
import { createUsageRepo, type UsageRepo, type UsageRecord } from '../store/usage';
import type { LedgerThreadData, LedgerThreadReply, LedgerThreadRequest } from './ledgerThread';

const { file, replies, answered } = workerData as LedgerThreadData;
const answeredCount = new Int32Array(answered);

/** Posts the answer, then counts it: the main thread, waiting on the count, finds the answer queued. */
function reply(answer: LedgerThreadReply): void {
  replies.postMessage(answer);
  Atomics.add(answeredCount, 0, 1);
  Atomics.notify(answeredCount, 0);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function end(last: LedgerThreadReply): void {
  reply(last);
  parentPort!.close();
  replies.close();
}

function serve(db: Db, repo: UsageRepo): void {
  parentPort!.on('message', (request: LedgerThreadRequest) => {
    if (request.kind === 'close') {
      db.close();
      return end({ kind: 'closed' });
    }
    try {
      repo.insertMany(v8.deserialize(request.batch) as UsageRecord[]);
      reply({ kind: 'written', seq: request.seq });
    } catch (err) {
      reply({ kind: 'failed', seq: request.seq, message: messageOf(err) });
    }
  });
}

try {
  const db = openDatabase(file);
  serve(db, createUsageRepo(db));
} catch (err) {
  // The batches come back to the main thread, which writes them itself from then on.
  end({ kind: 'broken', message: messageOf(err) });
}
