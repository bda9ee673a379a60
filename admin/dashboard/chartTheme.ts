import { useTheme } from '@mui/material/styles';
import { formatMoneyTick } from '../../shared/money';

/** Chart colours from the MUI palette, so the charts follow the light/dark toggle. */
export function useChartColors() {
  const theme = useTheme();
  return {
    primary: theme.palette.primary.main,
    secondary: theme.palette.secondary.main,
    success: theme.palette.success.main,
    error: theme.palette.error.main,
    warning: theme.palette.warning.main,
    text: theme.palette.text.secondary,
    grid: theme.palette.divider,
  };
}

/** Axis ticks in whole major units when they are whole: "$1,234" rather than "$1,234.00". */
export function moneyTick(currency: string) {
  return (minor: number) => formatMoneyTick(minor, currency);
}

export const CHART_HEIGHT = 260;
