/** Consents the sandbox's interaction step grants, keyed by consent_id. */
import { randomUUID } from 'node:crypto';
import type { Account } from './fixtures.js';

export type ConsentStatus = 'authorized' | 'revoked';

export interface Consent {
  readonly consentId: string;
  readonly clientId: string;
  readonly dcId: string;
  readonly dpId: string;
  readonly permissions: readonly string[];
  readonly accounts: readonly Account[];
  readonly createdAt: string;
  status: ConsentStatus;
  updatedAt: string;
  grantId: string | undefined;
}

export class ConsentStore {
  private readonly consents = new Map<string, Consent>();

  create(
    input: Omit<Consent, 'consentId' | 'createdAt' | 'updatedAt' | 'status' | 'grantId'>,
  ): Consent {
    const now = new Date().toISOString();
    const consent: Consent = {
      ...input,
      consentId: randomUUID(),
      createdAt: now,
      updatedAt: now,
      status: 'authorized',
      grantId: undefined,
    };
    this.consents.set(consent.consentId, consent);
    return consent;
  }

  get(consentId: string): Consent | undefined {
    return this.consents.get(consentId);
  }

  revoke(consentId: string): Consent | undefined {
    const consent = this.consents.get(consentId);
    if (consent === undefined) return undefined;
    consent.status = 'revoked';
    consent.updatedAt = new Date().toISOString();
    return consent;
  }
}
