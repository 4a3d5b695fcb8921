/**
 * A form whose controls come from the schema (labels, hints, enum choices) and whose every
 * problem is the hub's own, shown next to the field it names (`extensions.problems[].field`,
 * e.g. `input.endDate`) with aria-describedby, the first one focused.
 */
import type { GraphQLErrorItem } from '../../../addin/hub-client.js';
import { el, plainParameter } from '../../../addin/taskpane/pane.js';
import type { PageField, PageSchema } from '../case-manager-page.js';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldOptions {
  /** Label text; default: the schema's description up to its first clause (see labelOf), else the field's name in words. */
  label?: string;
  /** Choices for a select: value and text. Enums get theirs from the schema. */
  choices?: { value: string; text: string }[];
  /** A `<datalist>` id for a searchable text input. */
  list?: string;
  /** The hint under the control; default: the schema's description. */
  hint?: string | null;
  value?: string;
  min?: number;
  max?: number;
}

/** `agreementSignedDate` → `Agreement signed date`, `OFFENCE_FREE_YEAR` → `Offence free year`; `NPS` stays `NPS`. */
export const words = (name: string) =>
  /^[A-Z]{1,3}$/.test(name) ? name : /^[A-Z0-9_]+$/.test(name) ? name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ') : plainParameter(name, 'String').label;

/** A description as plain text: without the Markdown code marks. */
const plain = (text: string | null) => text?.replace(/`/g, '') ?? null;

/** The first clause of a description as a label ("CrimSec3 code, e.g. `28A`." → "CrimSec3 code"), when it is short enough to be one. */
export function labelOf(description: string | null): string | null {
  const clause = description?.split(/, e\.g\.|:|\(|\. /)[0].replace(/\.$/, '').trim();
  return clause && clause.length <= 60 ? clause : null;
}

/** One problem the hub found, with the field it names. */
export interface Problem {
  field: string;
  message: string;
}

/** Every problem of a GraphQL error: its `extensions.problems`, else its one field and message; messages without the `field: ` prefix the field already shows. */
export function problemsOf(errors: readonly GraphQLErrorItem[]): Problem[] {
  return errors.flatMap((error) => {
    const ext = error.extensions ?? {};
    const many = Array.isArray(ext.problems) ? (ext.problems as Problem[]) : [{ field: typeof ext.field === 'string' ? ext.field : '', message: error.message }];
    return many.map(({ field, message }) => ({ field, message: field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message }));
  });
}

let forms = 0;

export class HubForm {
  readonly form: HTMLFormElement;
  readonly body: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly title: HTMLHeadingElement;
  /** Problems no field of the form owns (a refused token, a membership already ended), shown by the button. */
  readonly message: HTMLParagraphElement;
  private readonly controls = new Map<string, { control: Control; error: HTMLElement; hint: HTMLElement | null }>();
  private readonly prefix = `f${++forms}`;

  constructor(
    private readonly schema: PageSchema,
    readonly name: string,
    title: string,
    submitText: string,
  ) {
    this.body = el('div', { className: 'stack' });
    this.button = el('button', { type: 'submit', className: 'primary' }, submitText);
    this.message = el('p', { className: 'message', role: 'status', 'aria-live': 'polite', tabIndex: -1, id: `${this.prefix}-message` });
    this.title = el('h3', { id: `${this.prefix}-title` }, title);
    this.form = el('form', { className: 'card stack hub-form', noValidate: true, 'aria-labelledby': `${this.prefix}-title`, 'data-form': name },
      this.title, this.body, el('div', { className: 'row' }, this.button), this.message);
  }

  /** Adds the control for `path` (`input.endDate`), typed by `schemaField` (`DeselectionInput.endDate`). */
  field(path: string, schemaField: PageField | undefined, options: FieldOptions = {}): Control {
    const id = `${this.prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const name = path.split('.').at(-1)!.replace(/\[\d+\]$/, '');
    const enumType = schemaField && this.schema.enums[schemaField.type];
    const description = plain(schemaField?.description ?? null);
    const label = options.label ?? labelOf(description) ?? words(name);
    const isDate = schemaField?.type === 'String' && /(^d|D)ate$/.test(name);
    // A date control shows the date its own way: the text format a description gives is not wanted.
    // A label taken from the description leaves the rest of it as the hint ("Date the agreement was signed: the first day…").
    const rest = description && description.startsWith(label) ? description.slice(label.length).replace(/^[\s:,.]+/, '') : description;
    const described = rest && !(isDate && /^YYYY-MM-DD\.?$/.test(rest)) ? rest.charAt(0).toUpperCase() + rest.slice(1) : null;
    const hintText = options.hint !== undefined ? options.hint : described ?? plain(enumType?.description ?? null);
    let control: Control;
    const choices = options.choices ?? enumType?.values.filter((v) => v.name !== 'PENDING').map((v) => ({ value: v.name, text: words(v.name) }));
    if (choices) {
      control = el('select', { id }, ...(schemaField?.required === false && !options.choices ? [el('option', { value: '' }, '(none)')] : []), ...choices.map((c) => el('option', { value: c.value }, c.text)));
    } else if (isDate) {
      control = el('input', { id, type: 'date' });
    } else if (schemaField?.type === 'Int') {
      control = el('input', { id, type: 'number', inputMode: 'numeric', step: '1' });
      if (options.min !== undefined) control.min = String(options.min);
      if (options.max !== undefined) control.max = String(options.max);
    } else if (name === 'note') {
      control = el('textarea', { id, rows: 2 });
    } else {
      control = el('input', { id, type: 'text', autocomplete: 'off' });
      if (options.list) control.setAttribute('list', options.list);
    }
    if (options.value !== undefined) control.value = options.value;
    control.dataset.field = path;
    const hint = hintText ? el('p', { className: 'hint', id: `${id}-hint` }, hintText) : null;
    const error = el('p', { className: 'field-error', id: `${id}-error`, hidden: true });
    this.describe(control, hint, null);
    this.body.append(el('div', { className: 'field stack' }, el('label', { for: id }, label), control, ...(hint ? [hint] : []), error));
    this.controls.set(path, { control, error, hint });
    return control;
  }

  private describe(control: Control, hint: HTMLElement | null, error: HTMLElement | null): void {
    const ids = [hint?.id, error?.id].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
    if (error) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }

  /** A control's value: trimmed text, a whole number or null for a number, null for an empty optional field. */
  value(path: string): string | number | null {
    const { control } = this.controls.get(path)!;
    const text = control.value.trim();
    if (control instanceof HTMLInputElement && control.type === 'number') return text === '' ? null : Number(text);
    return text;
  }

  /** Clears every problem shown. */
  clear(): void {
    for (const { control, error, hint } of this.controls.values()) {
      error.hidden = true;
      error.textContent = '';
      this.describe(control, hint, null);
    }
    this.say('');
  }

  say(text: string, kind: 'info' | 'error' | 'success' = 'info'): void {
    this.message.textContent = text;
    if (text) this.message.dataset.kind = kind;
    else delete this.message.dataset.kind;
  }

  /** The control that owns a problem's field: itself, or the nearest one it is inside (`input.matrixFactors[1].value` → `input.matrixFactors[1]`). */
  private owner(field: string) {
    for (let path = field; path; path = path.replace(/(\.[^.[\]]*|\[\d+\])$/, '')) {
      const found = this.controls.get(path);
      if (found) return found;
      if (!/(\.[^.[\]]*|\[\d+\])$/.test(path)) break;
    }
    return undefined;
  }

  /** Shows each problem next to its field (the rest by the button) and focuses the first. */
  showProblems(problems: readonly Problem[]): void {
    this.clear();
    const loose: string[] = [];
    let first: HTMLElement | null = null;
    for (const problem of problems) {
      const owner = this.owner(problem.field);
      const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
      if (!owner) {
        loose.push(message);
        continue;
      }
      owner.error.textContent = owner.error.textContent ? `${owner.error.textContent} ${message}` : message;
      owner.error.hidden = false;
      this.describe(owner.control, owner.hint, owner.error);
      first ??= owner.control;
    }
    if (loose.length) this.say(loose.join('\n'), 'error');
    else if (first) this.say(`The hub refused this: ${problems.length === 1 ? 'see the field marked' : `see the ${problems.length} problems marked`}.`, 'error');
    (first ?? this.message).focus();
  }
}
