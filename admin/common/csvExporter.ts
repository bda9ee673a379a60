import { defaultExporter, type Exporter, type RaRecord } from 'react-admin';
import { escapeFormulas } from '../../shared/csv';

/**
 * react-admin's CSV export (the same columns and file) with every cell a spreadsheet would run as
 * a formula turned into text first (shared/csv.ts). ListActions gives it to every list's Export.
 */
export const csvExporter: Exporter = (records: RaRecord[], fetchRelated, dataProvider, resource) =>
  defaultExporter(
    records.map((record) => escapeFormulas(record)),
    fetchRelated,
    dataProvider,
    resource,
  );
