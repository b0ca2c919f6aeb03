import { useDesk } from '../desk/DeskContext';
import { currencyFractionDigits } from './parse-money';

export function useCurrencyDigits(): number {
  return currencyFractionDigits(useDesk().site.currency);
}
