import { useState, type ReactElement, type ReactNode } from 'react';
import { Button, Confirm } from 'react-admin';

interface ConfirmButtonProps {
  label: string;
  title: string;
  content: ReactNode;
  icon?: ReactElement;
  disabled?: boolean;
  running: boolean;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  color?: 'primary' | 'warning';
}

/** One click opens a confirmation; the action runs only from the dialog, and the button stays off while it runs. */
export function ConfirmButton({ label, title, content, icon, disabled, running, confirmLabel, onConfirm, color = 'primary' }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        label={label}
        disabled={disabled || running}
        onClick={(event) => {
          // Inside a list row: the click is the button's, not the row's.
          event.stopPropagation();
          setOpen(true);
        }}
      >
        {icon}
      </Button>
      <Confirm
        isOpen={open}
        loading={running}
        title={title}
        content={content}
        confirm={confirmLabel ?? label}
        confirmColor={color}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          // The dialog stays up (its buttons spinning) until the server answers.
          await onConfirm();
          setOpen(false);
        }}
      />
    </>
  );
}
