import { ShownOnceDialog } from '../common/ShownOnceDialog';

/** The signing secret, the one time the admin sees it (after create or rotate): the app verifies deliveries with it. */
export function SecretDialog({ url, secret, onClose }: { url: string; secret: string; onClose: () => void }) {
  return (
    <ShownOnceDialog
      title={`Signing secret for ${url}`}
      explanation="Give it to the app that receives these webhooks: it verifies every delivery with it (Standard Webhooks). It is shown this once; rotate it to get a new one."
      secret={secret}
      onClose={onClose}
      testIds={{ dialog: 'webhook-secret-dialog', field: 'webhook-secret' }}
    />
  );
}
