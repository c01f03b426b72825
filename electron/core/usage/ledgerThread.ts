import fs from 'node:fs';
import v8 from 'node:v8';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { UsageRecord } from '../store/usage';

/** What the writer thread starts with: the database, where to answer, and a count of its answers to wait on. */
export interface LedgerThreadData {
  file: string;
  replies: MessagePort;
  answered: SharedArrayBuffer;
}

/** A batch goes as v8-serialized bytes: one copy of a buffer, about half the cost of cloning the rows. */
export type LedgerThreadRequest = { kind: 'write'; seq: number; batch: Uint8Array } | { kind: 'close' };
export type LedgerThreadReply =
  | { kind: 'written'; seq: number }
  | { kind: 'failed'; seq: number; message: string }
  | { kind: 'closed' }
  /** It could not open the database. */
  | { kind: 'broken'; message: string };

export interface LedgerThreadEvents {
  /** A batch the thread could not write (the database stayed locked); the ledger keeps it for its next try. */
  failed(rows: UsageRecord[], err: Error): void;
  /** The thread stopped on its own (it could not open the database, or crashed): the batches it had not answered come back. */
  stopped(rows: UsageRecord[], err: Error): void;
}

/**
 * Longest a read waits for the thread's batches, or a close for the thread. A batch waits at most
 * the database's busy_timeout (5 s) for a lock before it fails and comes back.
 */
const WAIT_MS = 10_000;

/**
 * The usage ledger's writer thread, running `script` (the bundled ledgerThreadMain). post() hands a
 * batch over without waiting; settle() and close() block until the thread has answered, so a read
 * after them sees every row, as it does when the rows are written on this thread.
 */
export function startLedgerThread(script: string, file: string, events: LedgerThreadEvents) {
  // A missing script would only fail later, on the thread, while a read waits for it.
  if (!fs.existsSync(script)) throw new Error(`The usage ledger's writer thread is missing (${script}); its rows are written on the main thread.`);
  const replies = new MessageChannel();
  const answered = new SharedArrayBuffer(4);
  const answeredCount = new Int32Array(answered);
  const data: LedgerThreadData = { file, replies: replies.port2, answered };
  // Not the process's own flags (a thread given --input-type, say, never starts, and a read would wait for it).
  const worker = new Worker(script, { workerData: data, transferList: [replies.port2], execArgv: [] });
  const unanswered = new Map<number, UsageRecord[]>();
  let seq = 0;
  let running = true;
  let closed = false;

  function take(reply: LedgerThreadReply): void {
    if (reply.kind === 'closed') {
      closed = true;
      return;
    }
    if (reply.kind === 'broken') return stoppedOnItsOwn(new Error(`The usage ledger's writer thread could not open the database: ${reply.message}`));
    const rows = unanswered.get(reply.seq);
    unanswered.delete(reply.seq);
    if (reply.kind === 'failed' && rows) events.failed(rows, new Error(reply.message));
  }
  replies.port1.on('message', take);
  // Neither keeps a server from exiting: close() is what writes the last rows. (A 'message'
  // listener refs its port, so this comes after it.)
  worker.unref();
  replies.port1.unref();
  function takeQueued(): void {
    for (let queued = receiveMessageOnPort(replies.port1); queued; queued = receiveMessageOnPort(replies.port1)) take(queued.message as LedgerThreadReply);
  }

  /** Ends this side; the rows the thread never answered for. */
  function end(): UsageRecord[] {
    running = false;
    takeQueued();
    replies.port1.close();
    const left = [...unanswered.values()].flat();
    unanswered.clear();
    return left;
  }
  const stoppedOnItsOwn = (err: Error) => {
    if (running) events.stopped(end(), err);
  };
  worker.on('error', stoppedOnItsOwn);
  worker.on('exit', (code) => stoppedOnItsOwn(new Error(`The usage ledger's writer thread exited (code ${code}).`)));

  /** Blocks this thread until `done` or the time is up, taking the answers as they come. */
  function waitFor(done: () => boolean): void {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      // Read before taking: an answer counted after this read ends the wait at once.
      const seen = Atomics.load(answeredCount, 0);
      takeQueued();
      const left = deadline - Date.now();
      if (done() || !running || left <= 0) return;
      Atomics.wait(answeredCount, 0, seen, left);
    }
  }

  return {
    post(rows: UsageRecord[]): void {
      seq += 1;
      unanswered.set(seq, rows);
      const request: LedgerThreadRequest = { kind: 'write', seq, batch: v8.serialize(rows) };
      worker.postMessage(request);
    },
    /** Waits until every batch posted is written or has come back. */
    settle(): void {
      waitFor(() => unanswered.size === 0);
    },
    /** Lets the thread write what it holds and close its connection; returns the rows it did not answer for. */
    close(): UsageRecord[] {
      if (!running) return [];
      const request: LedgerThreadRequest = { kind: 'close' };
      worker.postMessage(request);
      waitFor(() => closed);
      if (!closed) void worker.terminate();
      return end();
    },
  };
}

export type LedgerThread = ReturnType<typeof startLedgerThread>;
