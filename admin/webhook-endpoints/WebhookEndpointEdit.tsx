import { Edit } from 'react-admin';
import { EndpointForm } from './EndpointForm';

export function WebhookEndpointEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <EndpointForm />
    </Edit>
  );
}
