import { useEffect, useState } from 'react';
import { useDataProvider, useRecordContext } from 'react-admin';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { RecurDataProvider } from '../providers/dataProvider';
import type { Customer, FormAnswers } from '../types';

const shown = (value: string | boolean) => (value === true ? 'yes' : value === false ? 'no' : value);

/** What the customer typed into signup forms' custom fields, per form, newest first. */
export function FormAnswersSection() {
  const customer = useRecordContext<Customer>();
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [answers, setAnswers] = useState<FormAnswers[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!customer) return;
    let current = true;
    dataProvider.formAnswers(customer.id).then(
      (rows) => current && setAnswers(rows),
      (e: unknown) => current && setError(e instanceof Error ? e.message : 'Could not load the form answers'),
    );
    return () => {
      current = false;
    };
  }, [customer, dataProvider]);
  if (error) return <Typography color="error">{error}</Typography>;
  if (!answers) return null;
  if (!answers.length) return <Typography variant="body2">No custom form fields answered.</Typography>;
  return (
    <div data-testid="form-answers">
      {answers.map((submission) => (
        <div key={submission.id}>
          <Typography variant="subtitle2" sx={{ mt: 1 }}>
            {submission.formTitle} (/signup/{submission.formSlug}), {new Date(submission.createdAt).toLocaleString()}
          </Typography>
          <Table size="small">
            <TableBody>
              {submission.answers.map((answer) => (
                <TableRow key={answer.key}>
                  <TableCell sx={{ width: '40%' }}>{answer.label}</TableCell>
                  <TableCell>{shown(answer.value)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ))}
    </div>
  );
}
