// The floor for the proxy benchmark: the least a Node proxy can do (read the body, one undici
// request upstream, send the answer back) with no routing, tokens, conversion or ledger. Measured
// in the same run, it shows how much of the gap to a direct call is Node and the machine, and
// how much is Switchboard. Run as a child process; prints its port.
import http from 'node:http';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const reply = await request(`${upstream}${req.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? '') },
        body: Buffer.concat(chunks),
        dispatcher: agent,
      });
      res.writeHead(reply.statusCode, { 'content-type': String(reply.headers['content-type'] ?? 'application/json') });
      for await (const chunk of reply.body) res.write(chunk);
      res.end();
    });
  })
  .listen(0, '127.0.0.1', function (this: http.Server) {
    const address = this.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
process.on('SIGTERM', () => process.exit(0));
