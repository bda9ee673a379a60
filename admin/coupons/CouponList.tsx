import { BooleanField, DataTable, DateField, DeleteButton, List, SelectInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { choicesOf } from '../common/choices';
import { useCanWrite } from '../common/permissions';
import { formatMoney } from '../../shared/money';
import type { Coupon } from '../types';

const Column = DataTable.Col<Coupon>;

export function couponValue(coupon: Coupon): string {
  if (coupon.percentOff != null) return `${coupon.percentOff}% off`;
  return coupon.amountOff != null ? `${formatMoney(coupon.amountOff, coupon.currency)} off` : '';
}

export function couponDuration(coupon: Coupon): string {
  return coupon.duration === 'repeating' ? `${coupon.durationInMonths} months` : coupon.duration;
}

const couponFilters = [
  <SelectInput key="duration" source="duration" choices={choicesOf(['once', 'repeating', 'forever'])} alwaysOn />,
  <SelectInput
    key="valid"
    source="valid"
    choices={[
      { id: 'true', name: 'valid' },
      { id: 'false', name: 'deleted or expired' },
    ]}
    alwaysOn
  />,
];

/** Stripe lets only a coupon's name change, so there is no edit form: delete stops new redemptions. */
export function CouponList() {
  const canWrite = useCanWrite();
  return (
    <List filters={couponFilters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false} hiddenColumns={['stripeCouponId']}>
        <Column source="name" />
        <Column source="percentOff" label="Discount" disableSort render={couponValue} />
        <Column source="duration" disableSort render={couponDuration} />
        <Column source="timesRedeemed" label="Redeemed" />
        <Column source="maxRedemptions" label="Max" disableSort />
        <Column source="redeemBy" label="Redeem by" disableSort>
          <DateField source="redeemBy" emptyText="—" />
        </Column>
        <Column source="valid" disableSort>
          <BooleanField source="valid" />
        </Column>
        <Column source="stripeCouponId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
        {canWrite && (
          <Column label="Actions" disableSort>
            <DeleteButton mutationMode="pessimistic" label="Delete" />
          </Column>
        )}
      </DataTable>
    </List>
  );
}
