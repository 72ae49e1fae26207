// A local certificate authority and the certificates the cluster's mutual
// TLS needs, made with openssl once per data folder (never in the repository).
// A council replaces the folder with certificates from its own PKI.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The name the server certificate is issued to, which clients check. */
  serverName: string;
}

export const SERVER_NAME = 'localhost';
// The server certificate answers to these: on this machine, and as the `temporal` service in docker-compose.yml.
const SERVER_NAMES = ['DNS:localhost', 'DNS:temporal', 'IP:127.0.0.1'];
const DAYS = '825';

/** The certificates in `dir`, made there first if missing: ca.pem, server.pem, client.pem and their keys. */
export async function ensureCertificates(dir: string): Promise<Certificates> {
  const file = (name: string) => path.join(dir, name);
  const certs: Certificates = {
    dir,
    ca: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server-key.pem'),
    clientCert: file('client.pem'),
    clientKey: file('client-key.pem'),
    serverName: SERVER_NAME,
  };
  if ([certs.ca, certs.serverCert, certs.serverKey, certs.clientCert, certs.clientKey].every((f) => fs.existsSync(f))) return certs;

  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl('req', '-x509', ...curve, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', DAYS,
    '-subj', '/CN=Children complaints engine local Temporal CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  // The services present the server certificate to clients and to one another (internode), so it serves both ways.
  await issue(openssl, curve, dir, 'server', '/CN=localhost', [
    `subjectAltName=${SERVER_NAMES.join(',')}`,
    'extendedKeyUsage=serverAuth,clientAuth',
  ]);
  await issue(openssl, curve, dir, 'client', '/CN=complaints-engine', ['extendedKeyUsage=clientAuth']);
  // The CA's key signs nothing more: without it no one can mint a client certificate from this folder.
  fs.rmSync(file('ca-key.pem'));
  for (const name of fs.readdirSync(dir)) if (name.endsWith('-key.pem')) fs.chmodSync(file(name), 0o600);
  return certs;
}

async function issue(
  openssl: (...args: string[]) => Promise<unknown>,
  curve: string[],
  dir: string,
  name: string,
  subject: string,
  extensions: string[],
): Promise<void> {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, `${extensions.join('\n')}\n`);
  await openssl('req', ...curve, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject);
  await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-set_serial',
    `0x${crypto.randomBytes(16).toString('hex')}`, '-days', DAYS, '-out', `${name}.pem`, '-extfile', ext);
  fs.rmSync(ext);
  fs.rmSync(path.join(dir, `${name}.csr`));
}
