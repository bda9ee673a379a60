import { ShownOnceDialog } from '../common/ShownOnceDialog';

/** The one moment the key exists outside its owner's hands: the server keeps only its hash. */
export function NewKeyDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  return (
    <ShownOnceDialog
      title={`API key “${name}” created`}
      explanation="Copy it now: it is shown this once and cannot be shown again. Revoke it and create another if it is lost."
      secret={secret}
      onClose={onClose}
      testIds={{ dialog: 'new-api-key-dialog', field: 'new-api-key' }}
    />
  );
}
