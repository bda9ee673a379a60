import type { ReactNode } from 'react';
import { ColumnsButton, CreateButton, ExportButton, FilterButton, TopToolbar, useListContext, useResourceDefinition } from 'react-admin';
import { csvExporter } from './csvExporter';
import { useCanWrite } from './permissions';

// The default actions plus the column chooser, since billing lists carry more columns than
// fit a screen and some start hidden. FilterButton also offers react-admin's saved queries.
// Create only where the resource has a form and the user may write. Export escapes formulas.
export function ListActions({ filters = true, children }: { filters?: boolean; children?: ReactNode }) {
  const { total } = useListContext();
  const { hasCreate } = useResourceDefinition();
  const canWrite = useCanWrite();
  return (
    <TopToolbar>
      {children}
      {filters && <FilterButton />}
      <ColumnsButton />
      {hasCreate && canWrite && <CreateButton />}
      <ExportButton disabled={total === 0} exporter={csvExporter} />
    </TopToolbar>
  );
}
