import { Create, DateTimeInput, FormDataConsumer, NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue, required } from 'react-admin';
import { choicesOf } from '../common/choices';
import { MoneyInput } from '../common/MoneyInput';

const KINDS = [
  { id: 'percent', name: 'Percentage off' },
  { id: 'amount', name: 'Amount off' },
];

interface CouponForm {
  kind?: 'percent' | 'amount';
  name: string;
  percentOff?: number | null;
  amountOff?: number | null;
  currency?: string | null;
  duration: string;
  durationInMonths?: number | null;
  maxRedemptions?: number | null;
  redeemBy?: string | Date | null;
}

// The API takes exactly one of percentOff and amountOff (+ currency); `kind` only picks the inputs.
function toInput({ kind, percentOff, amountOff, currency, durationInMonths, redeemBy, ...rest }: CouponForm) {
  return {
    ...rest,
    ...(kind === 'amount' ? { amountOff, currency } : { percentOff }),
    durationInMonths: rest.duration === 'repeating' ? durationInMonths : null,
    redeemBy: redeemBy ? new Date(redeemBy).toISOString() : null,
  };
}

export function CouponCreate() {
  return (
    <Create redirect="list" transform={toInput}>
      <SimpleForm defaultValues={{ kind: 'percent', duration: 'once', currency: 'usd' }}>
        <TextInput source="name" validate={required()} />
        <SelectInput source="kind" label="Discount" choices={KINDS} validate={required()} />
        <FormDataConsumer<CouponForm>>
          {({ formData }) =>
            formData.kind === 'amount' ? (
              <>
                <MoneyInput source="amountOff" label="Amount off" validate={required()} />
                <TextInput source="currency" validate={required()} />
              </>
            ) : (
              <NumberInput source="percentOff" label="Percent off" validate={[required(), minValue(0.01), maxValue(100)]} />
            )
          }
        </FormDataConsumer>
        <SelectInput source="duration" choices={choicesOf(['once', 'repeating', 'forever'])} validate={required()} />
        <FormDataConsumer<CouponForm>>
          {({ formData }) =>
            formData.duration === 'repeating' && <NumberInput source="durationInMonths" label="Months" validate={[required(), minValue(1), maxValue(120)]} />
          }
        </FormDataConsumer>
        <NumberInput source="maxRedemptions" label="Max redemptions" validate={minValue(1)} />
        <DateTimeInput source="redeemBy" label="Redeem by" />
      </SimpleForm>
    </Create>
  );
}
