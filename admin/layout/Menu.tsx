import DashboardIcon from '@mui/icons-material/Dashboard';
import SettingsIcon from '@mui/icons-material/Settings';
import { Menu as RaMenu } from 'react-admin';
import { menuIcon } from '../common/menuIcon';
import { useIsOwner } from '../common/permissions';

// Each entry has an icon of its own (the resources' are in their index.ts), named in production too.
const Dashboard = menuIcon(DashboardIcon, 'DashboardIcon');
const Settings = menuIcon(SettingsIcon, 'SettingsIcon');

/** The resources, plus Settings for the owner (the only role the server lets change them). */
export function Menu() {
  const isOwner = useIsOwner();
  return (
    <RaMenu>
      <RaMenu.DashboardItem leftIcon={<Dashboard />} />
      <RaMenu.ResourceItems />
      {isOwner && <RaMenu.Item to="/settings" primaryText="recur.menu.settings" leftIcon={<Settings />} />}
    </RaMenu>
  );
}
