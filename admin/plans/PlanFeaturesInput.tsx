import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useGetList, useInput } from 'react-admin';
import type { Feature } from '../features/types';

type Values = Record<string, boolean | number | null>;

/**
 * The plan's value for every feature: a tick for on/off, a number for a limit. One input holds the
 * whole `features` object rather than one input per key: keys may contain dots, which
 * react-hook-form would read as nested paths. The server checks keys and kinds again (400 under
 * `features`, shown here).
 */
export function PlanFeaturesInput() {
  const { field, fieldState } = useInput<Values>({ source: 'features', defaultValue: {} });
  const { data: features = [], isPending } = useGetList<Feature>('features', { pagination: { page: 1, perPage: 200 }, sort: { field: 'key', order: 'ASC' } });
  const values: Values = field.value ?? {};
  const set = (key: string, value: boolean | number | null) => field.onChange({ ...values, [key]: value });
  if (isPending) return null;
  return (
    <Stack spacing={1} sx={{ width: '100%', maxWidth: 480 }}>
      <Typography variant="subtitle2">Features</Typography>
      {features.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No features defined yet (Features in the menu).
        </Typography>
      )}
      {features.map((feature) =>
        feature.kind === 'boolean' ? (
          <FormControlLabel
            key={feature.key}
            label={`${feature.name} (${feature.key})`}
            control={<Checkbox checked={values[feature.key] === true} onChange={(e) => set(feature.key, e.target.checked)} />}
          />
        ) : (
          <TextField
            key={feature.key}
            type="number"
            size="small"
            label={`${feature.name} (${feature.key})`}
            helperText={/* per seat: each seat bought adds this much */ 'Empty: none. Summed with add-ons; on a per-seat plan, per seat'}
            value={typeof values[feature.key] === 'number' ? values[feature.key] : ''}
            onChange={(e) => set(feature.key, e.target.value === '' ? null : Number(e.target.value))}
            slotProps={{ htmlInput: { min: 0, step: 1 } }}
          />
        ),
      )}
      {fieldState.error?.message && <FormHelperText error>{fieldState.error.message}</FormHelperText>}
    </Stack>
  );
}
