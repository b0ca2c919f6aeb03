import { Select } from '@mantine/core';
import type { SiteChoice } from '../../../core/contract/desk';

/** One of the sites this desk knows, searchable by code or name (`listSites`). */
export function SiteSelect({
  sites,
  value,
  onChange,
  label,
  description,
  error,
}: {
  sites: SiteChoice[];
  value: string | null;
  onChange: (siteId: string | null) => void;
  label: string;
  description?: string;
  error?: string | undefined;
}) {
  return (
    <Select
      label={label}
      description={description}
      data={sites.map((site) => ({ value: site.id, label: `${site.code} · ${site.name}` }))}
      value={value}
      onChange={onChange}
      allowDeselect={false}
      searchable
      required
      error={error}
    />
  );
}
