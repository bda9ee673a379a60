import { ColumnsButton, ExportButton, FilterButton, TopToolbar, useListContext } from 'react-admin';

// The default actions plus the column chooser, since billing lists carry more columns than
// fit a screen and some start hidden.
export function ListActions() {
  const { total } = useListContext();
  return (
    <TopToolbar>
      <FilterButton />
      <ColumnsButton />
      <ExportButton disabled={total === 0} />
    </TopToolbar>
  );
}
