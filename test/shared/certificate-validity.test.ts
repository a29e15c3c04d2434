/** The validity rule on a frozen clock: each boundary, the day count, the codes and messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertCertificateCurrent,
  certificateValidity,
  EXPIRY_WARNING_DAYS,
} from '../../src/shared/certificate-validity.js';
import { isOfmError } from '../../src/shared/errors.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-04T12:00:00Z');
const dates = (from: number, to: number) => ({
  label: 'client certificate a.crt (--cert)',
  notBefore: new Date(NOW.getTime() + from),
  notAfter: new Date(NOW.getTime() + to),
});

describe('certificateValidity', () => {
  it('is valid from notBefore to notAfter inclusive, and expiring within 30 days', () => {
    assert.equal(EXPIRY_WARNING_DAYS, 30);
    assert.deepEqual(certificateValidity(dates(0, 400 * DAY), NOW), { status: 'valid' });
    assert.deepEqual(certificateValidity(dates(-DAY, 30 * DAY + 1000), NOW), { status: 'valid' });
    assert.deepEqual(certificateValidity(dates(-DAY, 30 * DAY), NOW), {
      status: 'expiring',
      days: 30,
    });
    assert.deepEqual(certificateValidity(dates(-DAY, DAY), NOW), { status: 'expiring', days: 1 });
    assert.deepEqual(certificateValidity(dates(-DAY, DAY / 2 + 1), NOW), {
      status: 'expiring',
      days: 1,
    });
    assert.deepEqual(certificateValidity(dates(-DAY, DAY / 2 - 1), NOW), {
      status: 'expiring',
      days: 0,
    });
    assert.deepEqual(certificateValidity(dates(-DAY, 0), NOW), { status: 'expiring', days: 0 });
    assert.deepEqual(certificateValidity(dates(-DAY, -1), NOW), { status: 'expired' });
    assert.deepEqual(certificateValidity(dates(1, DAY), NOW), { status: 'not-yet-valid' });
  });
});

describe('assertCertificateCurrent', () => {
  it('throws ERR_OFM_CERT_EXPIRED with notAfter and now', () => {
    assert.throws(
      () => assertCertificateCurrent(dates(-400 * DAY, -2 * DAY), NOW),
      (error: unknown) =>
        isOfmError(error) &&
        error.code === 'ERR_OFM_CERT_EXPIRED' &&
        error.message ===
          'client certificate a.crt (--cert) expired on 2026-12-02T12:00:00Z (notAfter); it is now 2026-12-04T12:00:00Z.' &&
        /ask your CA for a new one/.test(error.hint),
    );
  });

  it('throws ERR_OFM_CERT_NOT_YET_VALID with notBefore and now', () => {
    assert.throws(
      () => assertCertificateCurrent(dates(DAY / 2, 400 * DAY), NOW),
      (error: unknown) =>
        isOfmError(error) &&
        error.code === 'ERR_OFM_CERT_NOT_YET_VALID' &&
        error.message ===
          'client certificate a.crt (--cert) is not valid before 2026-12-05T00:00:00Z (notBefore); it is now 2026-12-04T12:00:00Z.' &&
        /clock/.test(error.hint),
    );
  });

  it('returns one warning line for a certificate ending within 30 days, none otherwise', () => {
    assert.equal(
      assertCertificateCurrent(dates(-DAY, 12 * DAY + 1000), NOW),
      'WARN_OFM_CERT_EXPIRING: client certificate a.crt (--cert) expires on 2026-12-16T12:00:01Z, in 12 days (hint: ask your CA for its renewal now; it still works until then)',
    );
    assert.match(assertCertificateCurrent(dates(-DAY, DAY + 1), NOW) ?? '', /, in 1 day \(/);
    // A certificate issued for 7 days a minute ago: "in 7 days", as its owner counts.
    assert.match(
      assertCertificateCurrent(dates(-60_000, 7 * DAY - 60_000), NOW) ?? '',
      /in 7 days/,
    );
    assert.match(assertCertificateCurrent(dates(-DAY, 3600_000), NOW) ?? '', /, within a day \(/);
    assert.equal(assertCertificateCurrent(dates(-DAY, 31 * DAY), NOW), undefined);
  });
});
