import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection, type TLSConfig } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCertificates } from '../../scripts/cluster/certs';
import { cluster, clientTls } from './cluster';

const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'other-ca-'));
afterAll(() => fs.rmSync(elsewhere, { recursive: true, force: true }));

/** Whether the frontend answers a connection with `tls`: the SDK asks for the server's system info on connecting. */
async function answers(options: TLSConfig | false) {
  try {
    const connection = await Connection.connect({ address: cluster().address, tls: options, connectTimeout: 5_000 });
    await connection.workflowService.getSystemInfo({});
    await connection.close();
    return 'answered';
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe("Temporal's frontend requires a client certificate from the cluster's CA", () => {
  it('answers the app with its client certificate', async () => {
    expect(await answers(clientTls())).toBe('answered');
  });

  it('refuses a plain-text client, a TLS client without a certificate, and a certificate from another CA', async () => {
    const { serverNameOverride, serverRootCACertificate } = clientTls();
    expect(await answers(false)).toMatch(/^refused/);
    expect(await answers({ serverNameOverride, serverRootCACertificate })).toMatch(/^refused/);
    const other = await ensureCertificates(elsewhere);
    expect(
      await answers({ serverNameOverride, serverRootCACertificate, clientCertPair: { crt: fs.readFileSync(other.clientCert), key: fs.readFileSync(other.clientKey) } }),
    ).toMatch(/^refused/);
  });

  it('between the services too: the history service completes a TLS session only with a certificate from the CA', async () => {
    const { ca, clientCert, clientKey, serverName } = cluster().certs;
    const other = await ensureCertificates(elsewhere);
    const history = cluster().ports.history;
    const handshake = (cert?: { cert: string; key: string }) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: history, servername: serverName, ca: fs.readFileSync(ca), ALPNProtocols: ['h2'], ...(cert ? { cert: fs.readFileSync(cert.cert), key: fs.readFileSync(cert.key) } : {}) });
        let settled = false;
        const settle = (outcome: string) => {
          if (settled) return;
          settled = true;
          socket.destroy();
          resolve(outcome);
        };
        socket.once('error', (error) => settle(`refused: ${error.message}`));
        socket.once('close', () => settle('refused: closed'));
        // In TLS 1.3 the server judges the client's certificate after the client thinks it is connected: wait for its verdict.
        socket.once('secureConnect', () => setTimeout(() => settle('open'), 1_500));
      });
    expect(await handshake({ cert: clientCert, key: clientKey })).toBe('open');
    expect(await handshake()).toMatch(/^refused/);
    expect(await handshake({ cert: other.clientCert, key: other.clientKey })).toMatch(/^refused/);
  });
});
