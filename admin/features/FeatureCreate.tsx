import { Create } from 'react-admin';
import { FeatureForm } from './FeatureForm';

export function FeatureCreate() {
  return (
    <Create redirect="list">
      <FeatureForm />
    </Create>
  );
}
