/** What `onboard` prints: the kit's files, kids and dates, and what to do next (never a key). */
import { join } from 'node:path';
import { INSTRUCTIONS_FILE, JWKS_FILE, keysOf, PUBLIC_DIR, type KitManifest } from './layout.js';
import { KIT_ROLES, ROLE_SPECS, type KitRole } from './roles.js';

const HEADINGS = {
  created: 'created a credential kit',
  retire: 'retired a key of the credential kit',
} as const;

/** Lines for the user after `onboard`, `--rotate` or `--retire`. */
export function kitSummary(
  dir: string,
  manifest: KitManifest,
  what: keyof typeof HEADINGS | KitRole,
): string {
  const heading =
    what in HEADINGS
      ? HEADINGS[what as keyof typeof HEADINGS]
      : `rotated the ${what} key: the new key is beside the old one`;
  const lines = [
    `${heading} in ${dir} (${manifest.subject}, RSA-${manifest.bits}${manifest.encrypted ? ', keys encrypted' : ''})`,
  ];
  for (const role of KIT_ROLES)
    for (const [i, key] of keysOf(manifest, role).entries())
      lines.push(
        `  ${ROLE_SPECS[role].title.padEnd(34)} ${key.cert}  kid ${key.kid}  until ${key.notAfter.slice(0, 10)}${i > 0 ? '  (old: retire once PayNet has the new one)' : ''}`,
      );
  lines.push(`  public JWKS                        ${join(PUBLIC_DIR, JWKS_FILE)}`);
  lines.push(
    `  send PayNet what ${join(PUBLIC_DIR, INSTRUCTIONS_FILE)} lists; never anything in private/`,
  );
  if (what === 'transport' || what === 'signing' || what === 'encryption') {
    const old = keysOf(manifest, what)[1];
    lines.push(
      `next: send PayNet ${keysOf(manifest, what)[0]?.cert ?? ''}${ROLE_SPECS[what].jwk ? ' and the new jwks.json' : ''}; write again every environment${what === 'transport' ? ' and certificate list' : ''} made from this kit:`,
      what === 'transport'
        ? `  ofm-postman certs --kit ${dir} --target <target>`
        : `  ofm-postman env --kit ${dir} --target <target> --client-id <client_id>`,
      `then, once PayNet has it: ofm-postman onboard --out ${dir} --retire ${old?.kid ?? 'OLD_KID'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
