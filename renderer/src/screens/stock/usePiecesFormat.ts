import { useMemo } from 'react';
import { useDesk } from '../../desk/DeskContext';

/** Thousandths of a piece shown as pieces in the site's locale ("2", "0,5"); optionally signed. */
export function usePiecesFormat() {
  const { site } = useDesk();
  return useMemo(() => {
    const plain = new Intl.NumberFormat(site.locale, { maximumFractionDigits: 3 });
    const signed = new Intl.NumberFormat(site.locale, {
      maximumFractionDigits: 3,
      signDisplay: 'exceptZero',
    });
    return {
      pieces: (milli: number) => plain.format(milli / 1000),
      signed: (milli: number) => signed.format(milli / 1000),
    };
  }, [site.locale]);
}
