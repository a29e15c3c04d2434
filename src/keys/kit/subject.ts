/**
 * The subject of a kit's CSRs and certificates, by profile: the rules an ecosystem publishes for
 * who a client is (country, legal name, organisation ID, client ID), or a whole `--subject`.
 * Values are plain text: the characters that need escaping in a DN are refused rather than
 * escaped, so the DN reads the same in openssl, Node, jsrsasign and the PayNet portal.
 */
import { UsageError } from '../../shared/errors.js';

/** One attribute of a distinguished name. */
export interface Rdn {
  readonly type: DnType;
  readonly value: string;
}

/** The attribute types a kit subject may use. */
export const DN_TYPES = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;
export type DnType = (typeof DN_TYPES)[number];

/** What the user said about the subject. */
export interface SubjectInput {
  readonly org?: string;
  readonly orgId?: string;
  readonly clientId?: string;
  readonly country?: string;
  /** A whole subject, `/C=MY/O=Acme/CN=x` or `CN=x,O=Acme,C=MY`. */
  readonly subject?: string;
}

/** An ecosystem's subject rules. */
export interface Profile {
  readonly title: string;
  /** Where the rules are published. */
  readonly source: string;
  readonly build: (input: SubjectInput) => Rdn[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function need(value: string | undefined, flag: string, profile: string): string {
  if (value === undefined || value === '')
    throw new UsageError('ERR_OFM_KIT_SUBJECT', `--profile ${profile} needs ${flag}.`, {
      hint: `add ${flag}, or give a whole --subject`,
    });
  return value;
}

function rdns(entries: [DnType, string | undefined][]): Rdn[] {
  return entries.flatMap(([type, value]) => (value === undefined ? [] : [{ type, value }]));
}

/** The profiles `--profile` accepts. */
export const PROFILES = {
  paynet: {
    title: 'PayNet OFP (subject fields not published: C, O, OU when given, CN)',
    source:
      'PayNet developer guide, Getting started and Prerequisites (no subject rules published)',
    build: (input: SubjectInput) =>
      rdns([
        ['C', input.country ?? 'MY'],
        ['O', need(input.org, '--org', 'paynet')],
        ['OU', input.orgId],
        ['CN', input.clientId ?? input.org],
      ]),
  },
  uae: {
    title: 'UAE Open Finance (C=AE, O=legal name, OU=organisation ID, CN=client ID)',
    source: 'https://nebras-open-finance.com/tech/tpp-standards/trust-framework/certificates/',
    build: (input: SubjectInput) => {
      if (input.country !== undefined && input.country !== 'AE')
        throw new UsageError('ERR_OFM_KIT_SUBJECT', '--profile uae requires --country AE.', {
          hint: 'leave --country out (it is AE), or use --profile paynet',
        });
      const clientId = need(input.clientId, '--client-id', 'uae');
      if (!UUID.test(clientId))
        throw new UsageError('ERR_OFM_KIT_SUBJECT', '--profile uae needs a UUID --client-id.', {
          hint: 'give the client ID the Trust Framework issued (a UUID)',
        });
      return rdns([
        ['C', 'AE'],
        ['O', need(input.org, '--org', 'uae')],
        ['OU', need(input.orgId, '--org-id', 'uae')],
        ['CN', clientId],
      ]);
    },
  },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;

/** Parses `/C=MY/O=Acme/CN=x` (openssl's form) or `CN=x,O=Acme,C=MY` (RFC 4514, most specific first). */
export function parseSubject(text: string): Rdn[] {
  const slash = text.startsWith('/');
  const parts = slash ? text.slice(1).split('/') : text.split(',').reverse();
  return parts.map((part) => {
    const at = part.indexOf('=');
    const type = part.slice(0, at).trim().toUpperCase() as DnType;
    if (at < 1 || !DN_TYPES.includes(type))
      throw new UsageError(
        'ERR_OFM_KIT_SUBJECT',
        `--subject has an attribute "${part.slice(0, 40)}" a kit does not use.`,
        {
          hint: `use ${DN_TYPES.join(', ')}, e.g. --subject "/C=MY/O=Acme Bhd/CN=acme-dc"`,
        },
      );
    return { type, value: part.slice(at + 1).trim() };
  });
}

/** Refuses values that would need escaping, country codes that are not two letters, a subject without CN. */
export function checkSubject(subject: readonly Rdn[]): void {
  for (const { type, value } of subject) {
    if (value === '' || value.length > 64 || /[/,+=\\"<>;#\p{Cc}]/u.test(value))
      throw new UsageError(
        'ERR_OFM_KIT_SUBJECT',
        `the subject's ${type} "${value.slice(0, 64)}" is empty, longer than 64 characters, or has one of / , + = \\ " < > ; #.`,
        {
          hint: 'write the value without those characters (X.520 limits names to 64)',
        },
      );
    if (type === 'C' && !/^[A-Z]{2}$/.test(value))
      throw new UsageError(
        'ERR_OFM_KIT_SUBJECT',
        `the country "${value}" is not an ISO 3166 code.`,
        {
          hint: 'e.g. --country MY',
        },
      );
  }
  if (!subject.some((rdn) => rdn.type === 'CN'))
    throw new UsageError('ERR_OFM_KIT_SUBJECT', 'the subject has no CN.', {
      hint: 'add --client-id, or CN= in --subject',
    });
}

/** The subject for a profile and the user's input, checked. */
export function subjectFor(profile: ProfileName, input: SubjectInput): Rdn[] {
  const subject =
    input.subject !== undefined ? parseSubject(input.subject) : PROFILES[profile].build(input);
  checkSubject(subject);
  return subject;
}

/** openssl's form, which jsrsasign reads: `/C=MY/O=Acme/CN=x`. */
export function slashForm(subject: readonly Rdn[]): string {
  return subject.map((rdn) => `/${rdn.type}=${rdn.value}`).join('');
}

/** RFC 4514, most specific first (`CN=x,O=Acme,C=MY`), as tls_client_auth_subject_dn compares. */
export function rfc4514Form(subject: readonly Rdn[]): string {
  return [...subject]
    .reverse()
    .map((rdn) => `${rdn.type}=${rdn.value}`)
    .join(',');
}
