import { FormDataConsumer, NumberInput, type NumberInputProps } from 'react-admin';
import { currencyDigits } from '../../shared/money';

interface MoneyInputProps extends NumberInputProps {
  currencySource?: string;
}

/**
 * The API stores integer minor units; people type major ones. The scale follows the form's
 * currency (¥500 has no minor unit, 1.000 KWD has three), so the same number means the same money.
 */
export function MoneyInput({ currencySource = 'currency', ...props }: MoneyInputProps) {
  return (
    <FormDataConsumer>
      {({ formData }) => {
        const currency: unknown = formData[currencySource];
        const scale = 10 ** currencyDigits(typeof currency === 'string' && /^[a-z]{3}$/i.test(currency) ? currency : 'usd');
        return (
          <NumberInput
            {...props}
            format={(minor: number | null | undefined) => (minor === null || minor === undefined ? '' : minor / scale)}
            parse={(major: string | number | null) => (major === '' || major === null ? null : Math.round(Number(major) * scale))}
          />
        );
      }}
    </FormDataConsumer>
  );
}
