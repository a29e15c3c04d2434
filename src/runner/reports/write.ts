/**
 * Writes the report files a run asked for, each rendered from the record with the run's secrets
 * masked. Newman's own JSON report is written into a private folder during the run; only its
 * masked copy reaches the report folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { PlannedWrite } from '../../files/plan.js';
import { writeOwned, type OwnedFile } from '../../files/write.js';
import { maskJsonReport } from '../mask.js';
import { renderHtml, type HtmlInput } from './html.js';
import { renderJunit } from './junit.js';

/** Report formats `ofm-postman run` writes (`cli` is Newman's own console reporter). */
export const REPORTERS = ['cli', 'junit', 'json', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];
/** Older name of the html reporter, still accepted. */
export const REPORTER_ALIASES = { htmlextra: 'html' } as const satisfies Readonly<
  Record<string, ReporterName>
>;
/** A reporter as a caller names it: its name, or an older name still accepted. */
export type ReporterChoice = ReporterName | keyof typeof REPORTER_ALIASES;
/** Every name a caller may give a reporter (`--reporters` choices). */
export const REPORTER_CHOICES: readonly ReporterChoice[] = [
  ...REPORTERS,
  ...(Object.keys(REPORTER_ALIASES) as Array<keyof typeof REPORTER_ALIASES>),
];
/** The reporter a name means. */
export const reporterOf = (choice: ReporterChoice): ReporterName =>
  (REPORTER_ALIASES as Readonly<Record<string, ReporterName>>)[choice] ?? (choice as ReporterName);

/** `<collection>.<auth method>`: from the collection file name, else from its name and label. */
export function defaultReportName(
  collectionPath: string | undefined,
  title: string,
  label: string,
): string {
  if (collectionPath !== undefined) {
    const file = basename(collectionPath).replace(/\.postman_collection\.json$|\.json$/, '');
    if (file !== '') return file;
  }
  const slug = title
    .replace(/\(.*?\)/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return [slug || 'run', label].filter(Boolean).join('.');
}

/** Where Newman's raw JSON report goes during the run, and how it is cleaned up. */
export interface RawJson {
  readonly path: string | undefined;
  dispose(): Promise<void>;
}

/** A private folder for Newman's raw JSON report, when a JSON report is wanted. */
export async function rawJsonReport(reporters: readonly ReporterName[]): Promise<RawJson> {
  if (!reporters.includes('json')) return { path: undefined, dispose: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'ofm-postman-'));
  return {
    path: join(dir, 'report.json'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What every report is rendered from (the HTML report takes all of it). */
export type ReportContent = HtmlInput;

/** Where the reports go: the folder, the base name, and whether to replace others' files. */
export interface ReportPlace {
  readonly dir: string;
  readonly baseName: string;
  readonly force: boolean;
}

const EXTENSIONS: Readonly<Record<Exclude<ReporterName, 'cli'>, string>> = {
  junit: 'junit.xml',
  json: 'json',
  html: 'html',
};

const reportFile = (force: boolean): OwnedFile => ({
  from: '--report-dir',
  what: 'a report',
  force,
  // Masked, but they name this machine's client and accounts: owner-only, in a folder Git ignores.
  mode: 0o600,
});

/** The report files a run will write, for its write plan (checked before anything is sent). */
export function plannedReports(
  reporters: readonly ReporterName[],
  where: ReportPlace,
): PlannedWrite[] {
  return reporters
    .filter((r): r is Exclude<ReporterName, 'cli'> => r !== 'cli')
    .map((r) => ({
      path: join(where.dir, `${where.baseName}.${EXTENSIONS[r]}`),
      ...reportFile(where.force),
    }));
}

/** Writes the reports into `dir` as `<baseName>.<ext>`; returns the paths written. */
export async function writeReports(
  reporters: readonly ReporterName[],
  where: ReportPlace & { readonly rawJson: RawJson },
  content: ReportContent,
): Promise<string[]> {
  const written: string[] = [];
  const file = reportFile(where.force);
  const path = (ext: string) => join(where.dir, `${where.baseName}.${ext}`);
  if (reporters.includes('junit')) {
    await writeOwned(path('junit.xml'), renderJunit(content), file);
    written.push(path('junit.xml'));
  }
  if (reporters.includes('json') && where.rawJson.path !== undefined) {
    const raw = await readFile(where.rawJson.path, 'utf8').catch(() => undefined);
    // No raw report when Newman did not run (everything was planned as skipped).
    if (raw !== undefined) {
      await writeOwned(path('json'), maskJsonReport(raw, content.secrets), file);
      written.push(path('json'));
    }
  }
  if (reporters.includes('html')) {
    await writeOwned(path('html'), renderHtml(content), file);
    written.push(path('html'));
  }
  return written;
}
