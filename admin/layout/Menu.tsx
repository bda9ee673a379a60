import SettingsIcon from '@mui/icons-material/Settings';
import { Menu as RaMenu } from 'react-admin';
import { useIsOwner } from '../common/permissions';

/** The resources, plus Settings for the owner (the only role the server lets change them). */
export function Menu() {
  const isOwner = useIsOwner();
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.ResourceItems />
      {isOwner && <RaMenu.Item to="/settings" primaryText="recur.menu.settings" leftIcon={<SettingsIcon />} />}
    </RaMenu>
  );
}
