import type { DeskSummary } from '../core/contract/replication';
import type { CliT } from '../core/cli/i18n';
import { enrolmentCodeLifetimeDays, type SiteSummary } from './sites';

/**
 * A time as an operator reads it and a script parses it: ISO 8601 in UTC, to the second
 * (`2026-12-08T15:40:00Z`). UTC because the head office serves sites in several zones, and its
 * log and backup names speak UTC too.
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The fields of the admin commands' reports that hold a time (epoch milliseconds in the contract). */
const timeFields = new Set([
  'createdAt',
  'updatedAt',
  'expiresAt',
  'enrolledAt',
  'lastSeenAt',
  'revokedAt',
]);

/**
 * What an admin command reports, as JSON on stdout for a script to read, with its times as
 * `isoTime` instead of epoch milliseconds; `null` stays where there is none (a desk never seen,
 * or not revoked). Messages for the operator go to stderr.
 */
export function printReport(report: unknown): void {
  console.log(
    JSON.stringify(
      report,
      (key, value: unknown) =>
        timeFields.has(key) && typeof value === 'number' ? isoTime(value) : value,
      2,
    ),
  );
}

/**
 * What the operator does with an enrolment code just issued, said on stderr beside the JSON: the
 * code, until when it is valid, and the command that spends it at the new desk. The series is
 * named only where it is not the site's own.
 */
export function enrolmentCodeNotice(
  t: CliT,
  issued: {
    site: string;
    enrolmentCode: string;
    expiresAt: number;
    seriesCode?: string;
    created?: boolean;
  },
): string {
  const values = {
    site: issued.site,
    code: issued.enrolmentCode,
    until: isoTime(issued.expiresAt),
    days: t('admin.issued.days', { count: enrolmentCodeLifetimeDays }),
    series: issued.seriesCode,
  };
  const inSeries = issued.seriesCode !== undefined && issued.seriesCode !== issued.site;
  return [
    [
      ...(issued.created ? [t('admin.issued.siteCreated', values)] : []),
      t(inSeries ? 'admin.issued.codeInSeries' : 'admin.issued.code', values),
    ].join(' '),
    t('admin.issued.use', values),
  ].join('\n');
}

/**
 * What to do about the desks still enrolled for a site when one more code is issued for it: the
 * ones numbering in the code's series are the ones a replacement would clash with.
 */
export function replacementAdvice(
  t: CliT,
  site: string,
  issued: { seriesCode: string; replaces?: string; enrolledDesks: DeskSummary[] },
): string {
  const seen = (at: number | null) =>
    at === null ? t('admin.advice.neverSeen') : t('admin.advice.lastSeen', { at: isoTime(at) });
  const same = issued.enrolledDesks.filter(
    (desk) => desk.seriesCode === issued.seriesCode && desk.deskId !== issued.replaces,
  );
  return [
    t('admin.advice.enrolled', { site, count: issued.enrolledDesks.length }),
    ...issued.enrolledDesks.map((desk) =>
      t('admin.advice.desk', {
        deskId: desk.deskId,
        series: desk.seriesCode,
        seen: seen(desk.lastSeenAt),
      }),
    ),
    ...(issued.replaces
      ? [t('admin.advice.replaces', { series: issued.seriesCode, desk: issued.replaces })]
      : []),
    ...(same.length
      ? [t('admin.advice.same', { series: issued.seriesCode, count: same.length, site })]
      : []),
  ].join('\n');
}

/** Rows as aligned columns, the first row the header; the last column is not padded. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell.padEnd(widths[i]! + cell.length - [...cell].length),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A desk id as the table shows a replacement: its random end, enough to tell it apart. */
export function shortDeskId(id: string): string {
  return `…${id.slice(-12)}`;
}

/**
 * `admin desks` for a person: one line a desk, its full id (what `revoke-desk` and `--replaces`
 * take), times in UTC as the JSON has them, and whether it is active, revoked or replaced.
 */
export function desksTable(t: CliT, desks: DeskSummary[]): string {
  if (!desks.length) return t('admin.table.noDesks');
  const status = (desk: DeskSummary) =>
    desk.revokedAt === null
      ? t('admin.table.active')
      : desk.replacedBy
        ? t('admin.table.replaced')
        : t('admin.table.revoked');
  return formatTable([
    ['site', 'desk', 'series', 'enrolled', 'lastSeen', 'status', 'replacedBy'].map((column) =>
      t(`admin.table.${column}`),
    ),
    ...desks.map((desk) => [
      desk.siteCode,
      desk.deskId,
      desk.seriesCode,
      isoTime(desk.enrolledAt),
      desk.lastSeenAt === null ? t('admin.table.never') : isoTime(desk.lastSeenAt),
      status(desk),
      desk.replacedBy ? shortDeskId(desk.replacedBy) : '',
    ]),
  ]);
}

/** `admin sites` for a person: one line a site. */
export function sitesTable(t: CliT, sites: SiteSummary[]): string {
  if (!sites.length) return t('admin.table.noSites');
  return formatTable([
    ['code', 'name', 'kind', 'country', 'timezone', 'activeDesks', 'siteActive', 'created'].map(
      (column) => t(`admin.table.${column}`),
    ),
    ...sites.map((site) => [
      site.code,
      site.name,
      site.kind,
      site.country,
      site.timezone,
      String(site.activeDesks),
      site.active ? t('admin.table.yes') : t('admin.table.no'),
      isoTime(site.createdAt),
    ]),
  ]);
}
