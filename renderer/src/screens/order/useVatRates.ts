import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { VatRate } from '../../../../core/contract/lines';
import { api } from '../../api';

/** The VAT rates in force today in the site's country, highest first. */
export function useVatRates(): z.infer<typeof VatRate>[] {
  const [rates, setRates] = useState<z.infer<typeof VatRate>[]>([]);
  useEffect(() => {
    void api.getVatRates({}).then((r) => {
      if (r.ok) setRates([...r.value].sort((a, b) => b.rateBp - a.rateBp));
    });
  }, []);
  return rates;
}
