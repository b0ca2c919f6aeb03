import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../../core/contract/errors';

export type IssuesByPath = Record<string, FieldIssue>;

/** The first issue per field path (`customer.phone`, `device.model`, …). */
export function issuesByPath(issues: FieldIssue[]): IssuesByPath {
  const byPath: IssuesByPath = {};
  for (const issue of issues) byPath[issue.path] ??= issue;
  return byPath;
}

/** A function giving the translated message for a field, or undefined when it is fine. */
export function useFieldMessage(issues: IssuesByPath) {
  const { t } = useTranslation('errors');
  return (path: string): string | undefined => {
    const issue = issues[path];
    if (!issue) return undefined;
    return t([`fields.${issue.code}`, 'fields.invalid'], issue.params ?? {});
  };
}
