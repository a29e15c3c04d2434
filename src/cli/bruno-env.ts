/**
 * `ofm-postman env --format bruno`: a user's values for a generated Bruno collection folder, where
 * a Postman environment keeps them: the secrets (and, with --cert/--key, the client certificate) in
 * its `.env`, which Bruno masks in its reports; client_id, signing_kid and the target's URLs in
 * `environments/<target>.bru`, as plain values. `bru run --env <target>` then needs nothing else.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Target } from '../builder/targets.js';
import { targetOrigins } from '../runner/cert-list.js';
import { OfmError } from '../shared/errors.js';
import { VAR, type AuthMethod } from '../shared/variables.js';
import { SECRET_ENV } from '../shared/env-vars.js';
import { readPassphrase } from './options.js';
import { io } from '../files/io.js';

interface BrunoEnvArgs {
  out?: string;
  force?: boolean;
  cert?: string;
  key?: string;
}

export async function writeBrunoEnv(
  args: BrunoEnvArgs,
  target: Target,
  auth: AuthMethod,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  const hint = 'pass --out collections/bruno/paynet-ofp.<auth> (a folder with bruno.json)';
  if (args.out === undefined)
    throw new OfmError('ERR_OFM_USAGE', '--format bruno needs --out, the collection folder.', {
      hint,
    });
  const folder = resolve(args.out);
  if (
    !(await access(join(folder, 'bruno.json')).then(
      () => true,
      () => false,
    ))
  )
    throw new OfmError('ERR_OFM_USAGE', `${folder} is not a Bruno collection (no bruno.json).`, {
      hint,
    });
  if ((args.cert === undefined) !== (args.key === undefined))
    throw new OfmError('ERR_OFM_USAGE', '--cert and --key go together.', {
      hint: 'pass both, the transport certificate and its key',
    });
  const { brunoDotenv, certificateDomain, writeBrunoDotenv } =
    await import('../builder/bruno/dotenv.js');
  let certificate;
  if (args.cert !== undefined && args.key !== undefined) {
    const { readUserFile } = await import('../keys/signing-key.js');
    const [cert, key] = [resolve(args.cert), resolve(args.key)];
    await readUserFile(cert, 'transport certificate');
    // Bruno would present it on every request: an expired one is refused here, not by the bank.
    const { checkCertificateFile } = await import('../runner/inputs/client-certificates.js');
    await checkCertificateFile(cert, { what: 'transport certificate', from: '--cert' });
    await readUserFile(key, 'transport key');
    certificate = {
      domain: certificateDomain(targetOrigins(target)),
      cert,
      key,
      // The signing key's --passphrase-file is not this one: the transport key's comes from the
      // environment, as for `ofm-postman certs`.
      passphrase: await readPassphrase(undefined, SECRET_ENV.transportKeyPassphrase),
    };
  }
  const { planBrunoEnvironment, writeBrunoEnvironment } =
    await import('../builder/bruno/environment-file.js');
  const user = {
    [VAR.clientId]: values[VAR.clientId] ?? '',
    [VAR.signingKid]: values[VAR.signingKid] ?? '',
  };
  const environment = await planBrunoEnvironment(folder, target, auth, user, args.force);
  const path = await writeBrunoDotenv(folder, brunoDotenv(values, certificate), args.force);
  await writeBrunoEnvironment(environment);
  io.stdout.write(`${path}  (owner-only, git-ignored by the folder's .gitignore)\n`);
  io.stdout.write(`${environment.path}  (client_id, signing_kid and the URLs; no secret)\n`);
  io.stdout.write(`# From the folder: bru run --env ${target.name} (auth ${auth})\n`);
}
