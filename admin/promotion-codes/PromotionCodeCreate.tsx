import { Create, DateTimeInput, NumberInput, ReferenceInput, SelectInput, SimpleForm, TextInput, minValue, regex, required } from 'react-admin';
import { PROMOTION_CODE_FORMAT, PROMOTION_CODE_FORMAT_MESSAGE } from '../../shared/coupon';

// Stripe's own character set, checked while typing; the limits against the coupon (expiry, max
// redemptions) come back from the server per field (shared/coupon.ts promotionCodeLimitErrors).
const codeFormat = regex(PROMOTION_CODE_FORMAT, PROMOTION_CODE_FORMAT_MESSAGE);

const toInput = ({
  couponId,
  code,
  maxRedemptions,
  expiresAt,
}: {
  couponId: number;
  code: string;
  maxRedemptions?: number | null;
  expiresAt?: string | Date | null;
}) => ({
  couponId: Number(couponId),
  code,
  maxRedemptions: maxRedemptions ?? null,
  expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
});

export function PromotionCodeCreate() {
  return (
    <Create redirect="list" transform={toInput}>
      <SimpleForm>
        <ReferenceInput source="couponId" reference="coupons" filter={{ valid: true }} sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput label="Coupon" optionText="name" validate={required()} />
        </ReferenceInput>
        <TextInput source="code" validate={[required(), codeFormat]} helperText="What customers type at Checkout" />
        <NumberInput source="maxRedemptions" label="Max redemptions" validate={minValue(1)} />
        <DateTimeInput source="expiresAt" label="Expires" />
      </SimpleForm>
    </Create>
  );
}
