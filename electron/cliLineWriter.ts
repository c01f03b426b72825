import fs from 'node:fs';

/**
 * A line writer for a standard stream that goes quiet once the reader has gone (`| head -2`
 * closes the pipe early): the rest of the output is dropped, not reported as an EPIPE error.
 */
export function lineWriter(fd: number): (text: string) => void {
  let closed = false;
  return (text) => {
    if (closed) return;
    try {
      fs.writeSync(fd, text + '\n');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
      closed = true;
    }
  };
}
