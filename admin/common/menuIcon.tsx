import type { ComponentType } from 'react';
import type { SvgIconProps } from '@mui/material/SvgIcon';

/**
 * A menu icon that keeps its name in production: MUI icons carry `data-testid="PaymentsIcon"` only
 * in development builds, and the browser tests (test/e2e/admin-icons-and-money.test.ts) check the
 * built admin's sidebar for an icon per entry, no two alike.
 */
export function menuIcon(Icon: ComponentType<SvgIconProps>, name: string): ComponentType<SvgIconProps> {
  function NamedIcon(props: SvgIconProps) {
    return <Icon data-testid={name} {...props} />;
  }
  NamedIcon.displayName = name;
  return NamedIcon;
}
