/** @jsxImportSource hono/jsx */
import type { CustomField } from '../../shared/signupForms';

export function FieldError({ message }: { message?: string }) {
  return message ? <p class="error">{message}</p> : null;
}

/** One admin-defined field, with what the person typed and its message after a failed submit. */
export function CustomFieldInput({ field, value, error }: { field: CustomField; value: string | boolean | undefined; error?: string }) {
  const id = `f-${field.key}`;
  const text = typeof value === 'string' ? value : '';
  if (field.type === 'checkbox') {
    return (
      <>
        <label class="check">
          <input type="checkbox" name={field.key} value="on" checked={value === true} required={field.required} />
          {field.label}
        </label>
        <FieldError message={error} />
      </>
    );
  }
  return (
    <>
      <label for={id}>
        {field.label}
        {field.required ? '' : ' (optional)'}
      </label>
      {field.type === 'select' ? (
        <select id={id} name={field.key} required={field.required}>
          <option value="">Choose…</option>
          {field.options.map((option) => (
            <option value={option} selected={text === option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} type={field.type} name={field.key} value={text} required={field.required} maxlength={500} />
      )}
      <FieldError message={error} />
    </>
  );
}
