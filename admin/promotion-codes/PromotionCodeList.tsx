import { BooleanField, DataTable, DateField, List, NullableBooleanInput, ReferenceField, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { PromotionCode } from '../types';
import { ActiveToggle } from './ActiveToggle';

const Column = DataTable.Col<PromotionCode>;

const codeFilters = [
  <SearchInput key="q" source="q" placeholder="Code" alwaysOn />,
  <NullableBooleanInput key="active" source="active" alwaysOn />,
  <ReferenceInput key="couponId" source="couponId" reference="coupons" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Coupon" optionText="name" />
  </ReferenceInput>,
];

export function PromotionCodeList() {
  return (
    <List filters={codeFilters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false} hiddenColumns={['stripePromotionCodeId']}>
        <Column source="code" />
        <Column source="couponId" label="Coupon" disableSort>
          <ReferenceField source="couponId" reference="coupons" link={false} />
        </Column>
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
        <Column source="timesRedeemed" label="Redeemed" />
        <Column source="maxRedemptions" label="Max" disableSort />
        <Column source="expiresAt" label="Expires" disableSort>
          <DateField source="expiresAt" emptyText="—" />
        </Column>
        <Column source="stripePromotionCodeId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
        <Column label="Actions" disableSort>
          <ActiveToggle />
        </Column>
      </DataTable>
    </List>
  );
}
