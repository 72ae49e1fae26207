// The codec endpoint over HTTPS, as a council's load balancer serves the API.
// The Temporal UI passes the operator's access token to a codec endpoint only
// over https (it refuses to send a token in the clear, and then shows "Codec
// Server could not connect"), so the cluster fronts the API's /codec with TLS
// on the server certificate, forwarding each request, headers and all.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface CodecFront {
  /** The https URL of the codec endpoint, e.g. https://127.0.0.1:8234/codec. */
  url: string;
  close(): Promise<void>;
}

/** Serves https://host:port/codec/* from `target` (the API's own http URL), with the given certificate. */
export async function startCodecFront(options: { port: number; target: string; cert: string; key: string; host?: string }): Promise<CodecFront> {
  const target = new URL(options.target);
  const server = https.createServer({ cert: fs.readFileSync(options.cert), key: fs.readFileSync(options.key) }, (req, res) => {
    // Only the codec: nothing else of the API is reached through this door.
    if (!req.url?.startsWith('/codec/')) {
      res.writeHead(404).end();
      return;
    }
    const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('the API is not answering');
    });
    req.pipe(forward);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  return {
    url: `https://${host}:${(server.address() as AddressInfo).port}/codec`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
