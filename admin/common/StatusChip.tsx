import { ChipField, useRecordContext } from 'react-admin';
import type { ChipFieldProps } from 'react-admin';

export type ChipColor = NonNullable<ChipFieldProps['color']>;

interface StatusChipProps {
  colors: Readonly<Record<string, ChipColor>>;
  source?: string;
}

// The label stays the raw status word (e.g. "past_due"): it is what the API, filters, exports
// and tests use, so the list never shows a second spelling of the same state.
export function StatusChip({ colors, source = 'status' }: StatusChipProps) {
  const record = useRecordContext();
  const value: unknown = record?.[source];
  const color = typeof value === 'string' ? (colors[value] ?? 'default') : 'default';
  return <ChipField source={source} size="small" color={color} variant="outlined" />;
}
