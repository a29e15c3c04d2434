/** The kit's SEND-TO-PAYNET.txt: what to send PayNet, what never to send, and what comes next. */
import { activeKey, keysOf, type KitManifest } from './layout.js';
import { KIT_ROLES, ROLE_SPECS } from './roles.js';

/** The text, from the manifest alone (no key is read). */
export function instructionsText(manifest: KitManifest): string {
  const sent = KIT_ROLES.flatMap((role) =>
    keysOf(manifest, role).map(
      (key) =>
        `  ${key.cert.padEnd(26)} ${ROLE_SPECS[role].title}, kid ${key.kid}, valid until ${key.notAfter.slice(0, 10)}`,
    ),
  );
  const signing = activeKey(manifest, 'signing');
  return [
    'ofm-postman credential kit: what to send PayNet',
    '',
    `Subject: ${manifest.subject} (profile ${manifest.profile}); RSA-${manifest.bits}.`,
    '',
    'Send (by the channel PayNet gave you during onboarding):',
    ...sent,
    '  public/jwks.json           your public signing and encryption keys (or host it at your jwks_uri)',
    '  your redirect URI',
    'If PayNet issues your certificates, send the .csr files of public/ instead of the .crt files.',
    '',
    'Never send, copy, commit or paste anywhere:',
    '  private/                   the private keys; nobody, PayNet included, needs them',
    '  the passphrase of the keys, if you set one',
    '',
    'Next:',
    `  ofm-postman doctor --kit <this folder>         check the kit (run it in CI to hear of expiry)`,
    `  ofm-postman sandbox --kit <this folder>        try the whole journey locally with these keys`,
    `  ofm-postman env --kit <this folder> --target paynet-sandbox --client-id <your client_id>`,
    `Every JWS you sign must carry kid ${signing.kid} in its header.`,
    'Rotate a key before it expires: ofm-postman onboard --rotate signing --out <this folder>.',
    '',
  ].join('\n');
}
