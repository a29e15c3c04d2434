/**
 * What the sandbox reads from a TLS connection: the client certificate and its thumbprint.
 *
 * Every request asks for the certificate several times (the listener's validity check, the
 * resource server's binding check, oidc-provider's mTLS hooks), and each ask used to copy and
 * parse the DER again. A connection's certificate is fixed once its handshake is done (the
 * listener disables renegotiation), so it is read once per connection and kept with it.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { certificateValidity, utcSecond } from '../shared/certificate-validity.js';

function tlsSocket(socket: Socket): TLSSocket | undefined {
  return 'getPeerX509Certificate' in socket ? (socket as TLSSocket) : undefined;
}

/** A connection's client certificate (null: none), read once per connection. */
const certificates = new WeakMap<Socket, X509Certificate | null>();
/** A certificate's thumbprint and validity dates, computed once per certificate. */
const thumbprints = new WeakMap<X509Certificate, string>();
const validity = new WeakMap<X509Certificate, { notBefore: Date; notAfter: Date }>();

/** The client certificate the connection presented, whether or not it chains to the CA. */
export function presentedCertificate(socket: Socket): X509Certificate | undefined {
  const known = certificates.get(socket);
  if (known !== undefined) return known ?? undefined;
  // Asked only while serving a request, so after the handshake that fixed the certificate.
  const cert = tlsSocket(socket)?.getPeerX509Certificate() ?? null;
  certificates.set(socket, cert);
  return cert ?? undefined;
}

/** The client certificate, only when it chains to the sandbox CA. */
export function peerCertificate(socket: Socket): X509Certificate | undefined {
  return tlsSocket(socket)?.authorized === true ? presentedCertificate(socket) : undefined;
}

/** RFC 8705 `x5t#S256`: base64url SHA-256 of the DER certificate. */
export function certificateThumbprint(cert: X509Certificate): string {
  let thumbprint = thumbprints.get(cert);
  if (thumbprint === undefined) {
    thumbprint = createHash('sha256').update(cert.raw).digest('base64url');
    thumbprints.set(cert, thumbprint);
  }
  return thumbprint;
}

export function peerCertificateThumbprint(socket: Socket): string | undefined {
  const cert = peerCertificate(socket);
  return cert === undefined ? undefined : certificateThumbprint(cert);
}

function validityDates(cert: X509Certificate): { notBefore: Date; notAfter: Date } {
  let dates = validity.get(cert);
  if (dates === undefined) {
    dates = { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
    validity.set(cert, dates);
  }
  return dates;
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
  const cert = presentedCertificate(socket);
  if (cert === undefined) return undefined;
  const { notBefore, notAfter } = validityDates(cert);
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
