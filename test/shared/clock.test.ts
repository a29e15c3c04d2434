/** clock_skew: reading the setting, and the server's clock from a Date header. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  clockOffsetMs,
  clockSkewWarning,
  offsetFromDateHeader,
  readClockSkew,
} from '../../src/shared/clock.js';
import { isOfmError } from '../../src/shared/errors.js';

const reader = (values: Record<string, string>) => (name: string) => values[name];

it('readClockSkew: auto by default, off, whole seconds; anything else is one coded error', () => {
  assert.equal(readClockSkew(undefined), 'auto');
  assert.equal(readClockSkew(' '), 'auto');
  assert.equal(readClockSkew('off'), 'off');
  assert.equal(readClockSkew('-900'), -900);
  assert.equal(readClockSkew('+30'), 30);
  for (const bad of ['soon', '1.5', '123456', '5m'])
    assert.throws(
      () => readClockSkew(bad),
      (e: unknown) => isOfmError(e) && e.code === 'ERR_OFM_VAR_INVALID',
      bad,
    );
});

it('clockOffsetMs: the learnt offset for auto, none for off, the fixed value otherwise', () => {
  assert.equal(clockOffsetMs(reader({ ofm_clock_offset: '-900' })), -900_000);
  assert.equal(clockOffsetMs(reader({ clock_skew: 'auto', ofm_clock_offset: '12' })), 12_000);
  assert.equal(clockOffsetMs(reader({ clock_skew: 'off', ofm_clock_offset: '12' })), 0);
  assert.equal(clockOffsetMs(reader({ clock_skew: '-30', ofm_clock_offset: '12' })), -30_000);
  assert.equal(clockOffsetMs(reader({})), 0);
});

it('offsetFromDateHeader: whole seconds, 0 within 5 s, undefined without a readable header', () => {
  const local = Date.parse('2026-01-01T00:00:00.300Z');
  assert.equal(offsetFromDateHeader('Thu, 01 Jan 2026 00:15:00 GMT', local), 900);
  assert.equal(offsetFromDateHeader('Wed, 31 Dec 2025 23:50:00 GMT', local), -600);
  assert.equal(offsetFromDateHeader('Thu, 01 Jan 2026 00:00:04 GMT', local), 0);
  assert.equal(offsetFromDateHeader(undefined, local), undefined);
  assert.equal(offsetFromDateHeader('yesterday', local), undefined);
  assert.match(clockSkewWarning(900), /^WARN_OFM_CLOCK_SKEW: .* 900 s behind the server's/);
  assert.match(clockSkewWarning(-60), /60 s ahead of the server's/);
});
