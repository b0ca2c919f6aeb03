import { useMemo } from 'react';
import { useDesk } from '../../desk/DeskContext';

/** A VAT rate in basis points (2200) as the site writes a percentage ("22%", "22 %"). */
export function usePercentFormat() {
  const { site } = useDesk();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(site.locale, {
      style: 'percent',
      maximumFractionDigits: 2,
    });
    return (bp: number) => percent.format(bp / 10_000);
  }, [site.locale]);
}
