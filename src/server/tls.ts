/** What the sandbox reads from a TLS connection: the client certificate and its thumbprint. */
import { createHash, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { certificateValidity, utcSecond } from '../shared/certificate-validity.js';

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

/**
 * This machine's time, not the sandbox's shifted one (`--clock-offset` replaces `Date`, not the
 * performance clock): certificates are judged at the TLS layer, where OpenSSL also uses the real
 * time, and a sandbox playing a skewed authorization server must not refuse fresh test keys.
 */
export function tlsNow(): Date {
  return new Date(performance.timeOrigin + performance.now());
}

/** Why the sandbox refuses a connection's client certificate, for its log and the client. */
export interface CertificateRefusal {
  readonly reason: 'expired' | 'not-yet-valid';
  readonly subject: string;
  readonly not_before: string;
  readonly not_after: string;
  readonly now: string;
  readonly detail: string;
}

/**
 * A presented client certificate outside its validity period at `now` ({@link tlsNow}), judged
 * by the rule the CLI applies before sending. Node's TLS leaves
 * such a connection unauthorized (CERT_HAS_EXPIRED) and the sandbox used to carry on as if no
 * certificate had come, so the refusal read "client authentication failed"; a gateway refuses it.
 */
export function certificateRefusal(socket: Socket, now: Date): CertificateRefusal | undefined {
  const tls = tlsSocket(socket);
  const peer = tls?.getPeerCertificate();
  if (peer?.raw === undefined) return undefined;
  const cert = new X509Certificate(peer.raw);
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const verdict = certificateValidity({ label: '', notBefore, notAfter }, now);
  if (verdict.status !== 'expired' && verdict.status !== 'not-yet-valid') return undefined;
  const subject = normalizeDn(cert.subject, 'node');
  const detail =
    verdict.status === 'expired'
      ? `client certificate ${subject} expired on ${utcSecond(notAfter)}; it is now ${utcSecond(now)}`
      : `client certificate ${subject} is not valid before ${utcSecond(notBefore)}; it is now ${utcSecond(now)}`;
  return {
    reason: verdict.status,
    subject,
    not_before: utcSecond(notBefore),
    not_after: utcSecond(notAfter),
    now: utcSecond(now),
    detail,
  };
}
