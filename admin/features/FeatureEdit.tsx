import { Edit } from 'react-admin';
import { FeatureForm } from './FeatureForm';

/** Pessimistic: a kind change or a delete is refused (409) while plans give the feature values. */
export function FeatureEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <FeatureForm edit />
    </Edit>
  );
}
