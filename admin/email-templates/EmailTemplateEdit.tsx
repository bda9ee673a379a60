import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Edit, Labeled, SaveButton, SimpleForm, TextField, TextInput, Toolbar, required, useRecordContext } from 'react-admin';
import { unknownVariables, type TemplateKey } from '../../shared/emailTemplates';
import type { EmailTemplate } from '../types';
import { TemplatePreview } from './TemplatePreview';
import { TEMPLATE_LABELS } from './labels';

const editable = ({ subject, textBody, htmlBody }: EmailTemplate) => ({ subject, textBody, htmlBody: htmlBody || null });

/** The same check the server makes, so a typo in a {{variable}} shows while typing. */
const knownVariables = (field: 'subject' | 'textBody' | 'htmlBody') => (value: string | null, values: EmailTemplate) =>
  unknownVariables(values.key as TemplateKey, { [field]: value })[field];

function Variables() {
  const template = useRecordContext<EmailTemplate>();
  if (!template?.variables) return null;
  return (
    <Labeled label="Variables">
      <Stack component="ul" sx={{ m: 0, pl: 2 }} data-testid="template-variables">
        {Object.entries(template.variables).map(([name, meaning]) => (
          <Typography component="li" variant="body2" key={name}>
            <code>{`{{${name}}}`}</code> — {meaning}
          </Typography>
        ))}
      </Stack>
    </Labeled>
  );
}

function Title() {
  const template = useRecordContext<EmailTemplate>();
  return <>E-mail template: {template ? TEMPLATE_LABELS[template.key] : ''}</>;
}

/** Subject, text and optional HTML, with the variables this message offers and a live preview. */
export default function EmailTemplateEdit() {
  return (
    <Edit mutationMode="pessimistic" transform={editable} redirect={false} title={<Title />}>
      {/* Templates are edited, never deleted: the toolbar has Save only. Errors show while typing. */}
      <SimpleForm
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
        mode="onChange"
        reValidateMode="onChange"
      >
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={3} sx={{ width: '100%' }}>
          <Stack sx={{ flex: 1, minWidth: 0 }}>
            <Labeled label="Message">
              <TextField source="key" />
            </Labeled>
            <TextInput source="subject" validate={[required(), knownVariables('subject')]} fullWidth />
            <TextInput source="textBody" label="Text" multiline minRows={8} validate={[required(), knownVariables('textBody')]} fullWidth />
            <TextInput
              source="htmlBody"
              label="HTML (optional)"
              multiline
              minRows={4}
              validate={knownVariables('htmlBody')}
              fullWidth
              helperText="Leave empty to send the text as simple HTML; values are HTML-escaped"
            />
            <Variables />
          </Stack>
          <Stack sx={{ flex: 1, minWidth: 0 }}>
            <TemplatePreview />
          </Stack>
        </Stack>
      </SimpleForm>
    </Edit>
  );
}
