import Chip from '@mui/material/Chip';
import { DataTable, DateField, List } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { ApiKey } from '../types';
import { RevokeButton } from './RevokeButton';

const Column = DataTable.Col<ApiKey>;

function KeyStatus({ revokedAt }: ApiKey) {
  return revokedAt ? <Chip size="small" label="revoked" /> : <Chip size="small" color="success" label="active" />;
}

/** Keys for Recur's /api/v1; the secret itself is never listed (only its first characters). */
export function ApiKeyList() {
  return (
    <List actions={<ListActions filters={false} />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <Column source="name" />
        <Column source="prefix" label="Key" disableSort render={(key) => `${key.prefix}…`} />
        <Column source="scopes" label="Scopes" disableSort render={(key) => key.scopes.join(', ')} />
        <Column source="revokedAt" label="Status" render={KeyStatus} />
        <Column source="lastUsedAt" label="Last used">
          <DateField source="lastUsedAt" showTime emptyText="never" />
        </Column>
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </Column>
        <Column label="Actions" disableSort>
          <RevokeButton />
        </Column>
      </DataTable>
    </List>
  );
}
