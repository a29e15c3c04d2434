/**
 * Flags that take effect only with another flag or value, as data: one table for every command,
 * checked in one place (main.ts) before any handler runs. A flag given where it cannot take
 * effect is refused with ERR_OFM_USAGE naming both flags, never ignored: someone who typed
 * `generate --local-url URL` without `--target local` believes the environment points at URL.
 */
import { UsageError } from '../shared/errors.js';

type Args = Readonly<Record<string, unknown>>;

/** One flag and the condition under which it takes effect. */
export interface FlagRule {
  /** The flag as typed, without its dashes: `local-url`. */
  readonly flag: string;
  /** The condition, as the message says it after "only": `with --target local`. */
  readonly only: string;
  /** True when the condition holds. */
  readonly holds: (args: Args) => boolean;
  /** Why it cannot take effect otherwise, for the message. */
  readonly because: string;
  /** The hint, when "add …, or leave … out" does not fit. */
  readonly hint?: string;
}

const isSet = (value: unknown) => value !== undefined && value !== false;
const FILE_REPORTERS = new Set(['junit', 'json', 'html', 'htmlextra']);
const writesReports = (args: Args) =>
  Array.isArray(args['reporters']) && args['reporters'].some((r) => FILE_REPORTERS.has(String(r)));

/** --target and its companions (generate, env, assertion, certs). */
const TARGET_RULES: readonly FlagRule[] = [
  {
    flag: 'local-url',
    only: 'with --target local',
    holds: (a) => a['target'] === 'local' && a['discovery'] === undefined,
    because: 'it is the origin of the local sandbox, and no other target has one to change',
  },
  {
    flag: 'rs-base-url',
    only: 'with --discovery',
    holds: (a) => a['discovery'] !== undefined,
    because: 'built-in targets have their resource server; a --discovery target needs one',
  },
];

/** --ca of the target options: the CA that fetching --discovery trusts. */
const DISCOVERY_CA: FlagRule = {
  flag: 'ca',
  only: 'with --discovery',
  holds: (a) => a['discovery'] !== undefined,
  because: 'it is the CA trusted when fetching the discovery document, and nothing else is fetched',
};

/** What `run` and `consent` share. */
const RUN_INPUT_RULES: readonly FlagRule[] = [
  {
    flag: 'passphrase-file',
    only: 'with --cert and --key',
    holds: (a) => a['cert'] !== undefined,
    because: 'it opens the key of --cert; a --cert-list carries the passphrase of each entry',
  },
  {
    flag: 'fresh',
    only: 'with a state file (--state FILE, or --auth and --target)',
    holds: (a) =>
      a['state'] !== undefined || (a['auth'] !== undefined && a['target'] !== undefined),
    because: 'it starts without the saved state, and there is none to leave out',
  },
  {
    flag: 'target',
    only: 'with --auth',
    holds: (a) => a['auth'] !== undefined,
    because:
      'it picks the environment and the state file of --auth; with --collection alone it picks nothing',
  },
];

/** After the pushed flow: the steps that never show the URL or wait for an answer. */
const finishing = (a: Args) =>
  isSet(a['url-only']) || a['redirect-url'] !== undefined || a['code'] !== undefined;

/** `onboard --rotate` and `--retire` work on the kit as it is: its subject, size and dates. */
const changingKit = (a: Args) => a['rotate'] !== undefined || a['retire'] !== undefined;
const ONBOARD_RULES: readonly FlagRule[] = [
  ...['profile', 'org', 'org-id', 'client-id', 'country', 'subject', 'bits', 'days', 'force'].map(
    (flag) => ({
      flag,
      only: 'without --rotate and --retire',
      holds: (a: Args) => !changingKit(a),
      because:
        "a rotation keeps the kit's subject, key size and validity, and never replaces the kit",
    }),
  ),
  {
    flag: 'kid',
    only: 'without --retire',
    holds: (a) => a['retire'] === undefined,
    because: '--retire makes no key, so there is nothing to name',
  },
];

/** Every command's rules, by command name. */
export const FLAG_RULES: Readonly<Record<string, readonly FlagRule[]>> = {
  onboard: ONBOARD_RULES,
  doctor: [
    {
      flag: 'ca',
      only: 'with --jwks-uri',
      holds: (a) => a['jwks-uri'] !== undefined,
      because: 'it is the CA trusted when fetching --jwks-uri, and nothing else is fetched',
    },
  ],
  generate: [
    ...TARGET_RULES,
    DISCOVERY_CA,
    {
      flag: 'format',
      only: 'without --no-collections',
      holds: (a) => a['format'] === 'postman' || a['collections'] !== false,
      because:
        'Bruno environments live in the Bruno collection folders, and --no-collections writes only the Postman environments',
    },
  ],
  certs: [...TARGET_RULES, DISCOVERY_CA],
  env: [
    ...TARGET_RULES,
    DISCOVERY_CA,
    ...['cert', 'key'].map((flag) => ({
      flag,
      only: 'with --format bruno',
      holds: (a: Args) => a['format'] === 'bruno',
      because:
        'a Postman environment holds no client certificate: Postman takes it in its settings (ofm-postman certs prints them)',
    })),
    {
      flag: 'print-env-vars',
      only: 'with --format postman',
      holds: (a) => a['format'] !== 'bruno',
      because: 'it prints the CI form of the Postman environment; a Bruno .env is its own CI form',
    },
    {
      flag: 'encryption-passphrase-file',
      only: 'with --encryption-key',
      holds: (a) => a['encryption-key'] !== undefined,
      because: 'it opens the encryption key, and none is given',
    },
  ],
  assertion: [
    ...TARGET_RULES,
    {
      flag: 'ca',
      only: 'with --discovery or --curl',
      holds: (a) => a['discovery'] !== undefined || isSet(a['curl']),
      because: 'it is trusted when fetching --discovery, and is the --cacert of the --curl request',
    },
    ...['cert', 'key', 'scope'].map((flag) => ({
      flag,
      only: 'with --curl',
      holds: (a: Args) => isSet(a['curl']),
      because: 'it goes into the token request that --curl prints; the assertion alone has none',
    })),
    ...['signing-key', 'kid', 'passphrase-file', 'audience', 'lifetime', 'issuer'].map((flag) => ({
      flag,
      only: 'with --auth private_key_jwt',
      holds: (a: Args) => a['auth'] !== 'tls_client_auth',
      because: 'tls_client_auth signs no client assertion: the client certificate authenticates',
    })),
  ],
  run: [
    ...RUN_INPUT_RULES,
    ...['report-dir', 'report-name'].map((flag) => ({
      flag,
      only: 'with --reporters junit, json or html',
      holds: writesReports,
      because: 'the console and the cli reporter write no report file',
    })),
    {
      flag: 'force',
      only: 'with --export-environment or --reporters junit, json or html',
      holds: (a) => a['export-environment'] !== undefined || writesReports(a),
      because:
        'it lets the exported environment or a report replace a file, and run writes no other file',
    },
    {
      flag: 'verbose',
      only: 'without --quiet',
      holds: (a) => !isSet(a['quiet']),
      because: '--quiet prints only the summary, so the account data --verbose adds is not shown',
    },
  ],
  consent: [
    ...RUN_INPUT_RULES,
    ...['open', 'wait'].map((flag) => ({
      flag,
      only: 'without --url-only, --redirect-url and --code',
      holds: (a: Args) => !finishing(a),
      because:
        '--url-only prints the URL and exits, and --redirect-url or --code finish a flow without opening or waiting',
      hint: `leave --${flag} out, or start the flow without --url-only to ${flag === 'open' ? 'open the URL' : 'wait for the answer'}`,
    })),
  ],
};

/** `--localUrl` and `--local-url` alike: yargs takes both. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The long flags typed on a command line (`--no-x` counts as x), before a `--`: defaults do not
 * count, so a rule only refuses what the person asked for.
 */
export function givenFlags(argv: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const token of argv) {
    if (token === '--') break;
    const match = /^--(?:no-)?([^=]+)/.exec(token);
    if (match?.[1] !== undefined) given.add(kebab(match[1]));
  }
  return given;
}

/** Throws ERR_OFM_USAGE for the first flag given where it cannot take effect. */
export function checkFlagRules(command: string, args: Args, given: ReadonlySet<string>): void {
  for (const rule of FLAG_RULES[command] ?? []) {
    if (!given.has(rule.flag) || args[rule.flag] === false || rule.holds(args)) continue;
    const condition = rule.only.replace(/^(with|without) /, '');
    throw new UsageError(
      'ERR_OFM_USAGE',
      `--${rule.flag} takes effect only ${rule.only}: ${rule.because}.`,
      {
        hint:
          rule.hint ??
          (rule.only.startsWith('without')
            ? `leave out --${rule.flag} or ${condition}`
            : `add ${condition}, or leave --${rule.flag} out`),
      },
    );
  }
}
