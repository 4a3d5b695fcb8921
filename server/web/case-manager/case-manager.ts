/**
 * The case managers' page (GET /case-manager): sign in with a token, find a nominal, take them
 * through the lifecycle, see the reviews due. Every check is the hub's: the page sends the
 * cohort mutations and shows each problem the hub returns next to its field. The look is the
 * Excel add-in's task pane (its stylesheet, imported), widened into two columns on a wide screen.
 */
import '../../../addin/taskpane/taskpane.css';
import './case-manager.css';
import { createHubClient } from '../../../addin/hub-client.js';
import { el } from '../../../addin/taskpane/pane.js';
import type { PageSchema } from '../case-manager-page.js';
import { HubForm, problemsOf, words } from './hub-form.js';
import { identityField, showNominal } from './nominal-view.js';
import { errorsOf, session, type Category, type Matrix } from './session.js';

const SIGN_IN = `{ viewer { role partnerships mutations } partnerships { code name agencies { code name } } crimeCategories { code description priority banding } }`;
const NOMINALS = () => `query Find($partnership: String!, $search: String!) { nominals(partnership: $partnership, search: $search, first: 50) { id reference ${identityField()} memberships { startDate endDate } } }`;
const DUE = `query Due($partnership: String!, $date: String!, $withinDays: Int) { reviewsDue(partnership: $partnership, date: $date, withinDays: $withinDays) { reference status lastReviewDate dueDate daysOverdue everyDays membership { nominal { id } } } }`;
const MATRIX = `query Matrix($partnership: String!) { scoringMatrix(partnership: $partnership) { threshold factors { factor label weight maxValue } } }`;

const today = () => new Date().toISOString().slice(0, 10);

function build(schema: PageSchema) {
  session.schema = schema;
  const badge = el('span', { className: 'badge', 'data-state': 'off', id: 'connection-badge' }, 'Not signed in');
  const header = el('header', { className: 'pane-header' }, el('h1', {}, 'IOM Hub — case manager'), badge);

  const signIn = new HubForm(schema, 'sign-in', 'Sign in', 'Sign in');
  const token = signIn.field('token', undefined, { label: 'Access token', hint: 'The token you were given. It stays in this page: reload the page to sign out.' }) as HTMLInputElement;
  token.type = 'password';
  // The card's summary is the form's heading: "Sign in", then who is signed in once folded.
  signIn.title.remove();
  const connectCard = el('details', { className: 'card', open: true, id: 'connect-card' },
    el('summary', {}, el('h2', { id: signIn.title.id }, 'Sign in'), el('span', { className: 'hint', id: 'connect-summary' })), signIn.form);
  signIn.form.classList.remove('card');

  const partnershipForm = el('div', { className: 'card stack', hidden: true, id: 'partnership-card' });
  const partnership = el('select', { id: 'partnership' });
  partnershipForm.append(el('label', { for: 'partnership' }, 'Partnership'), partnership);

  const find = new HubForm(schema, 'find', 'Find a nominal', 'Search');
  find.field('search', schema.arguments.nominals.search, { label: 'Reference or name', hint: 'Part of a pseudonymous reference (any case), or of a name: names are searched for case managers only.' });
  const results = el('ul', { className: 'results', id: 'results', 'aria-label': 'Nominals found' });
  find.form.append(results);

  const due = new HubForm(schema, 'due', 'Reviews due', 'Show reviews due');
  due.field('date', schema.arguments.reviewsDue.date, { label: 'Due on', value: today() });
  due.field('withinDays', schema.arguments.reviewsDue.withinDays, { label: 'And in the next (days)', value: '0', min: 0 });
  const dueList = el('div', { id: 'due-list' });
  due.form.append(dueList);

  const nominal = el('section', { id: 'nominal', className: 'stack', 'aria-labelledby': 'nominal-heading' },
    el('p', { className: 'card hint' }, 'Find a nominal, or pick one from the reviews due, to see their record and take the next step.'));
  const readOnly = el('p', { className: 'message outside', 'data-kind': 'info', id: 'read-only', hidden: true });
  const work = el('div', { className: 'work', hidden: true, id: 'work' }, el('div', { className: 'side stack' }, find.form, due.form), nominal);
  const codes = el('datalist', { id: 'offence-codes' });
  document.body.append(header, el('main', {}, connectCard, readOnly, partnershipForm, work), codes);

  const open = (id: string) => showNominal(nominal, id).then(() => document.getElementById('nominal-heading')?.focus());

  const choosePartnership = async () => {
    session.partnership = partnership.value;
    results.replaceChildren();
    dueList.replaceChildren();
    nominal.replaceChildren();
    delete nominal.dataset.nominal;
    session.matrix = (await session.client!.request<{ scoringMatrix: Matrix | null }>(MATRIX, { partnership: session.partnership }).catch(() => ({ scoringMatrix: null }))).scoringMatrix;
  };
  partnership.addEventListener('change', () => void choosePartnership());

  signIn.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    signIn.clear();
    signIn.button.disabled = true;
    try {
      const client = createHubClient({ url: location.origin, token: token.value.trim() });
      const data = await client.request<{ viewer: { role: string; partnerships: string[]; mutations: string[] }; partnerships: typeof session.partnerships; crimeCategories: Category[] }>(SIGN_IN);
      Object.assign(session, { client, role: data.viewer.role, partnerships: data.partnerships, categories: data.crimeCategories });
      partnership.replaceChildren(...data.partnerships.map((p) => el('option', { value: p.code }, p.name)));
      partnershipForm.hidden = data.partnerships.length < 2;
      codes.replaceChildren(...data.crimeCategories.map((c) => el('option', { value: `${c.code} — ${c.description}` })));
      badge.textContent = `Signed in: ${words(data.viewer.role)}`;
      badge.dataset.state = 'on';
      document.getElementById('connect-summary')!.textContent = `${words(data.viewer.role)} · ${data.partnerships.map((p) => p.name).join(', ') || 'no partnership'}`;
      connectCard.open = false;
      work.hidden = false;
      // What the hub says this token may change: a reader is told before trying (the hub refuses all the same).
      const reads = !data.viewer.mutations.includes('recordReview');
      readOnly.hidden = !reads;
      readOnly.textContent = reads ? `This ${words(data.viewer.role).toLowerCase()} token may not change cohort records: the hub refuses such changes from it.` : '';
      await choosePartnership();
      (document.querySelector('[data-field="search"]') as HTMLElement).focus();
    } catch (error) {
      badge.textContent = 'Not signed in';
      badge.dataset.state = 'error';
      signIn.showProblems(problemsOf(errorsOf(error)).map((p) => ({ ...p, field: 'token' })));
    } finally {
      signIn.button.disabled = false;
    }
  });

  find.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    find.clear();
    results.replaceChildren();
    try {
      const found = (await session.client!.request<{ nominals: { id: string; reference: string; identity?: { name: string } | null; memberships: { startDate: string; endDate: string | null }[] }[] }>(NOMINALS(), { partnership: session.partnership, search: find.value('search') })).nominals;
      if (!found.length) find.say('No nominal matches.', 'info');
      results.append(...found.map((n) => {
        const on = n.memberships.find((m) => !m.endDate);
        const button = el('button', { type: 'button', className: 'result', 'data-nominal': n.id },
          el('span', { className: 'title' }, `${n.reference}${n.identity ? ` — ${n.identity.name}` : ''}`),
          el('span', { className: 'meta' }, on ? `On the scheme since ${on.startDate}` : 'Not on the scheme'));
        button.addEventListener('click', () => void open(n.id));
        return el('li', {}, button);
      }));
      if (found.length) find.say(`${found.length} found.`, 'info');
    } catch (error) {
      // A refusal (a token that may not read nominals) is about the search itself: shown beside it.
      find.showProblems(problemsOf(errorsOf(error)).map((p) => ({ ...p, field: 'search' })));
    }
  });

  due.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    due.clear();
    dueList.replaceChildren();
    try {
      const rows = (await session.client!.request<{ reviewsDue: { reference: string; status: string | null; lastReviewDate: string | null; dueDate: string; daysOverdue: number; everyDays: number | null; membership: { nominal: { id: string } } }[] }>(DUE,
        { partnership: session.partnership, date: due.value('date'), withinDays: due.value('withinDays') })).reviewsDue;
      due.say(rows.length ? `${rows.length} due.` : 'No reviews due.', 'info');
      dueList.append(el('ul', { className: 'results due', 'aria-label': 'Reviews due' }, ...rows.map((r) => {
        const button = el('button', { type: 'button', className: 'result', 'data-nominal': r.membership.nominal.id },
          el('span', { className: 'title' }, r.reference, ' ', el('span', { className: 'rag', 'data-status': r.status ?? 'NONE' }, r.status ? words(r.status) : 'Never reviewed')),
          el('span', { className: 'meta' }, `Due ${r.dueDate}${r.daysOverdue > 0 ? `, ${r.daysOverdue} days overdue` : r.daysOverdue < 0 ? `, in ${-r.daysOverdue} days` : ', today'}${r.lastReviewDate ? ` · last review ${r.lastReviewDate}` : ''}${r.everyDays ? ` · every ${r.everyDays} days` : ''}`));
        button.addEventListener('click', () => void open(r.membership.nominal.id));
        return el('li', {}, button);
      })));
    } catch (error) {
      // The hub names the argument (`date`, `withinDays`) it refuses; anything else (a refused token) shows by the button.
      due.showProblems(problemsOf(errorsOf(error)));
    }
  });

  token.focus();
}

build(JSON.parse(document.getElementById('page-schema')!.textContent!) as PageSchema);
