/** What the sandbox reads from a TLS connection: the client certificate and its thumbprint. */
import { createHash, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

function tlsSocket(socket: Socket): TLSSocket | undefined {
  return 'getPeerCertificate' in socket ? (socket as TLSSocket) : undefined;
}

/** The client certificate, only when it chains to the sandbox CA. */
export function peerCertificate(socket: Socket): X509Certificate | undefined {
  const tls = tlsSocket(socket);
  if (tls === undefined || !tls.authorized) return undefined;
  const peer = tls.getPeerCertificate();
  if (peer === null || peer.raw === undefined) return undefined;
  return new X509Certificate(peer.raw);
}

/** RFC 8705 `x5t#S256`: base64url SHA-256 of the DER certificate. */
export function certificateThumbprint(cert: X509Certificate): string {
  return createHash('sha256').update(cert.raw).digest('base64url');
}

export function peerCertificateThumbprint(socket: Socket): string | undefined {
  const cert = peerCertificate(socket);
  return cert === undefined ? undefined : certificateThumbprint(cert);
}

/**
 * A subject DN in one comparable form: RDNs as `TYPE=value`, most specific first, joined by `,`.
 * Node prints `C=MY\nO=…\nCN=…` (least specific first); RFC 4514 strings are the other way round.
 */
export function normalizeDn(dn: string, order: 'node' | 'rfc4514'): string {
  const parts = (order === 'node' ? dn.split('\n') : dn.split(/,(?=[A-Za-z.0-9]+=)/)).map((p) => {
    const eq = p.indexOf('=');
    return `${p.slice(0, eq).trim().toUpperCase()}=${p.slice(eq + 1).trim()}`;
  });
  return (order === 'node' ? parts.reverse() : parts).join(',');
}
