/**
 * One nominal: who they are (to their case managers), their referrals with the score explained
 * factor by factor and the scope rules, their memberships and reviews, their offences; and the
 * forms for the next step of the lifecycle, each sending the hub's own mutation.
 */
import { el } from '../../../addin/taskpane/pane.js';
import { HubForm, words } from './hub-form.js';
import { agenciesOf, errorsOf, session, submit } from './session.js';

interface Referral {
  id: string; version: number; agency: string; referralDate: string; matrixScore: number | null; orgsScore: number | null; indexOffenceCode: string | null;
  panelDate: string | null; decision: string; decisionNote: string | null;
  matrix: { score: number; threshold: number | null; meetsThreshold: boolean | null; explanation: string; factors: { label: string; value: number; weight: number; points: number }[] } | null;
  scope: { inScope: boolean; checks: { rule: string; passed: boolean; reason: string }[] };
}
interface Membership {
  id: string; version: number; startDate: string; endDate: string | null; deselectionReason: string | null; deselectionNote: string | null;
  reviews: { reviewDate: string; status: string; note: string | null }[];
}
export interface NominalRecord {
  id: string; reference: string; ageBand: string; gender: string; statutoryStatus: string; hubName: string | null;
  identity?: { name: string } | null;
  referrals: Referral[]; memberships: Membership[];
  offences: { offenceDate: string; outcome: string; outcomeDate: string; category: { code: string; description: string; priority: boolean } }[];
}

const REFERRAL = 'id version agency referralDate matrixScore orgsScore indexOffenceCode panelDate decision decisionNote matrix { score threshold meetsThreshold explanation factors { label value weight points } } scope { inScope checks { rule passed reason } }';
/** Who a nominal is is asked for only by case managers: the hub refuses it to every other role. */
export const identityField = () => (session.role === 'CASE_MANAGER' ? 'identity { name }' : '');
const NOMINAL = () => `query Nominal($id: ID!) { nominal(id: $id) { id reference ageBand gender statutoryStatus hubName ${identityField()}
  referrals { ${REFERRAL} }
  memberships { id version startDate endDate deselectionReason deselectionNote reviews { reviewDate status note } }
  offences { offenceDate outcome outcomeDate category { code description priority } } } }`;

const today = () => new Date().toISOString().slice(0, 10);
const byDate = <T>(key: keyof T) => (a: T, b: T) => String(a[key]).localeCompare(String(b[key]));

function table(caption: string, headers: string[], rows: (string | Node)[][], captionShown = true): HTMLElement {
  if (!rows.length) return el('p', { className: 'hint' }, 'None.');
  return el('div', { className: 'scroll', role: 'region', 'aria-label': caption, tabIndex: 0 },
    el('table', { className: 'grid' }, el('caption', captionShown ? {} : { className: 'visually-hidden' }, caption), el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c)))))));
}

const agencyName = (code: string) => agenciesOf(session.partnership).find((a) => a.code === code)?.name ?? code;

function referralView(r: Referral): HTMLElement {
  const facts = [`Referred by ${agencyName(r.agency)} on ${r.referralDate}`, r.orgsScore !== null ? `ORGS ${r.orgsScore}%` : '', r.indexOffenceCode ? `index offence ${r.indexOffenceCode}` : ''].filter(Boolean).join(' · ');
  const decision = r.decision === 'PENDING' ? 'Awaiting the panel' : `${words(r.decision)} by the panel on ${r.panelDate}${r.decisionNote ? ` (${r.decisionNote})` : ''}`;
  return el('li', { className: 'record', 'data-referral': r.id },
    el('span', { className: 'title' }, facts),
    el('span', { className: 'meta' }, decision),
    ...(r.matrix ? [
      r.matrix.factors.length ? table(`Score ${r.matrix.score}${r.matrix.threshold !== null ? ` against a threshold of ${r.matrix.threshold}` : ''}`, ['Factor', 'Value', 'Weight', 'Points'],
        r.matrix.factors.map((f) => [f.label, String(f.value), String(f.weight), String(f.points)])) : el('span', {}),
      el('p', { className: 'explanation', 'data-kind': r.matrix.meetsThreshold === false ? 'below' : 'at' }, r.matrix.explanation),
    ] : []),
    ...(r.scope.checks.length ? [el('ul', { className: 'checks', 'aria-label': 'Scope rules' }, ...r.scope.checks.map((c) => el('li', { 'data-passed': String(c.passed) }, `${c.passed ? '✓' : '✗'} ${c.rule}: ${c.reason}`)))] : []));
}

function membershipView(m: Membership): HTMLElement {
  const ended = m.endDate ? `de-selected ${m.endDate} (${words(m.deselectionReason ?? '')}${m.deselectionNote ? `: ${m.deselectionNote}` : ''})` : 'on the scheme';
  return el('li', { className: 'record' },
    el('span', { className: 'title' }, `From ${m.startDate}: ${ended}`),
    table('Reviews', ['Date', 'Status', 'Note'], [...m.reviews].sort(byDate('reviewDate')).reverse().map((r) => [r.reviewDate, el('span', { className: 'rag', 'data-status': r.status }, words(r.status)), r.note ?? ''])));
}

/** Shows the nominal with `id` in `host`, with the forms for what can be done next. */
export async function showNominal(host: HTMLElement, id: string): Promise<void> {
  // Reloading the nominal shown keeps it on screen (and the scroll where it was) until the new record comes.
  if (host.dataset.nominal !== id) host.replaceChildren(el('p', { className: 'card hint', role: 'status' }, 'Loading…'));
  host.dataset.nominal = id;
  host.setAttribute('aria-busy', 'true');
  let nominal: NominalRecord | null;
  try {
    nominal = (await session.client!.request<{ nominal: NominalRecord | null }>(NOMINAL(), { id })).nominal;
  } catch (error) {
    delete host.dataset.nominal;
    host.removeAttribute('aria-busy');
    host.replaceChildren(el('p', { className: 'message', 'data-kind': 'error', role: 'alert' }, errorsOf(error).map((e) => e.message).join('\n')));
    return;
  }
  if (!nominal) {
    host.removeAttribute('aria-busy');
    host.replaceChildren(el('p', { className: 'message', 'data-kind': 'error', role: 'alert' }, `No nominal ${id}.`));
    return;
  }
  render(host, nominal);
}

function render(host: HTMLElement, n: NominalRecord): void {
  host.removeAttribute('aria-busy');
  const reload = () => showNominal(host, n.id);
  const open = n.memberships.find((m) => !m.endDate) ?? null;
  const heading = el('h2', { id: 'nominal-heading', tabIndex: -1 }, `${n.reference}${n.identity ? ` — ${n.identity.name}` : ''}`);
  host.replaceChildren(
    el('div', { className: 'card stack' }, heading,
      el('p', { id: 'nominal-done', className: 'message', role: 'status', 'data-kind': 'success', tabIndex: -1 }),
      el('p', { className: 'hint' }, [n.gender && words(n.gender), n.ageBand, words(n.statutoryStatus), n.hubName].filter(Boolean).join(' · ')),
      el('p', { className: 'status-line' }, open ? `On the scheme since ${open.startDate}.` : 'Not on the scheme.'),
      el('h3', {}, 'Referrals'), n.referrals.length ? el('ul', { className: 'records' }, ...n.referrals.map(referralView)) : el('p', { className: 'hint' }, 'No referrals.'),
      el('h3', {}, 'Memberships'), n.memberships.length ? el('ul', { className: 'records' }, ...[...n.memberships].sort(byDate('startDate')).reverse().map(membershipView)) : el('p', { className: 'hint' }, 'No memberships.'),
      el('h3', {}, 'Proven offences'),
      table('Proven offences', ['Date', 'Offence', 'Outcome'], [...n.offences].sort(byDate('offenceDate')).reverse()
        .map((o) => [o.offenceDate, `${o.category.code} ${o.category.description}${o.category.priority ? ' (priority)' : ''}`, `${words(o.outcome)} ${o.outcomeDate}`]), false)),
    ...forms(n, open, reload).map((f) => f.form),
  );
}

function forms(n: NominalRecord, open: Membership | null, reload: () => Promise<void>): HubForm[] {
  const { schema } = session;
  const input = schema.inputs;
  const done = async (text: string) => {
    await reload();
    const message = document.getElementById('nominal-done');
    if (!message) return;
    message.textContent = text;
    message.focus();
  };
  const result: HubForm[] = [];

  // A referral, scored on the partnership's matrix when it has one.
  const refer = new HubForm(schema, 'refer', 'Record a referral', 'Record referral');
  refer.field('input.agency', input.ReferralInput.agency, { choices: agenciesOf(session.partnership).map((a) => ({ value: a.code, text: a.name })) });
  refer.field('input.referralDate', input.ReferralInput.referralDate, { value: today() });
  const matrix = session.matrix;
  if (matrix) {
    matrix.factors.forEach((f, i) => refer.field(`input.matrixFactors[${i}].value`, input.MatrixFactorValueInput.value, { label: f.label, hint: `0 to ${f.maxValue}; × ${f.weight} points. The threshold is ${matrix.threshold}.`, min: 0, max: f.maxValue, value: '0' }));
  } else {
    refer.field('input.matrixScore', input.ReferralInput.matrixScore, { min: 0 });
  }
  refer.field('input.orgsScore', input.ReferralInput.orgsScore, { min: 0, max: 100 });
  refer.field('input.indexOffenceCode', input.ReferralInput.indexOffenceCode, { list: 'offence-codes' });
  refer.field('input.reference', input.ReferralInput.reference);
  refer.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {
      agency: refer.value('input.agency'), referralDate: refer.value('input.referralDate'),
      // A factor left empty is left out: the hub names every factor missing.
      ...(matrix ? { matrixFactors: matrix.factors.map((f, i) => ({ factor: f.factor, value: refer.value(`input.matrixFactors[${i}].value`) })).filter((f) => f.value !== null) } : { matrixScore: refer.value('input.matrixScore') }),
      orgsScore: refer.value('input.orgsScore'), indexOffenceCode: codeOf(refer.value('input.indexOffenceCode')) || null, reference: refer.value('input.reference') || null,
    };
    const data = await submit<{ referNominal: Referral }>(refer, `mutation Refer($nominal: ID!, $input: ReferralInput!) { referNominal(nominal: $nominal, input: $input) { ${REFERRAL} } }`, { nominal: n.id, input: values });
    if (data) await done(`Referral recorded. ${data.referNominal.matrix?.explanation ?? ''}`.trim());
  });
  result.push(refer);

  const pending = n.referrals.filter((r) => r.decision === 'PENDING');
  if (pending.length) {
    const decide = new HubForm(schema, 'decide', 'Record the panel decision', 'Record decision');
    decide.field('referral', undefined, { label: 'Referral', hint: null, choices: pending.map((r) => ({ value: r.id, text: `${r.referralDate} by ${agencyName(r.agency)}${r.matrix ? `, score ${r.matrix.score}` : ''}` })) });
    decide.field('input.panelDate', input.PanelDecisionInput.panelDate, { value: today() });
    decide.field('input.decision', input.PanelDecisionInput.decision);
    decide.field('input.note', input.PanelDecisionInput.note);
    decide.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const referral = pending.find((r) => r.id === decide.value('referral'))!;
      const data = await submit(decide, 'mutation Decide($id: ID!, $v: Int!, $input: PanelDecisionInput!) { decideReferral(id: $id, expectedVersion: $v, input: $input) { id decision } }',
        { id: referral.id, v: referral.version, input: { panelDate: decide.value('input.panelDate'), decision: decide.value('input.decision'), note: decide.value('input.note') || null } });
      if (data) await done('Panel decision recorded.');
    });
    result.push(decide);
  }

  if (!open) {
    const start = new HubForm(schema, 'start', 'Start a membership', 'Start membership');
    const accepted = n.referrals.filter((r) => r.decision === 'ACCEPTED');
    start.field('input.agreementSignedDate', input.MembershipInput.agreementSignedDate, { value: today() });
    start.field('input.referral', input.MembershipInput.referral, { choices: [{ value: '', text: '(none)' }, ...accepted.map((r) => ({ value: r.id, text: `${r.referralDate} by ${agencyName(r.agency)}, accepted ${r.panelDate}` }))], value: accepted[0]?.id ?? '' });
    start.field('input.relevantBanding', input.MembershipInput.relevantBanding, { choices: [{ value: '', text: '(none)' }, ...[...new Set(session.categories.filter((c) => c.priority).map((c) => c.banding))].map((b) => ({ value: b, text: b }))] });
    start.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = await submit(start, 'mutation Start($nominal: ID!, $input: MembershipInput!) { startMembership(nominal: $nominal, input: $input) { id startDate } }',
        { nominal: n.id, input: { agreementSignedDate: start.value('input.agreementSignedDate'), referral: start.value('input.referral') || null, relevantBanding: start.value('input.relevantBanding') || null } });
      if (data) await done('Membership started.');
    });
    result.push(start);
  } else {
    const review = new HubForm(schema, 'review', 'Record a review', 'Record review');
    review.field('input.reviewDate', input.StatusReviewInput.reviewDate, { value: today() });
    review.field('input.status', input.StatusReviewInput.status);
    review.field('input.note', input.StatusReviewInput.note);
    review.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = await submit(review, 'mutation Review($membership: ID!, $input: StatusReviewInput!) { recordReview(membership: $membership, input: $input) { id } }',
        { membership: open.id, input: { reviewDate: review.value('input.reviewDate'), status: review.value('input.status'), note: review.value('input.note') || null } });
      if (data) await done('Review recorded.');
    });
    result.push(review);
  }

  const offence = new HubForm(schema, 'offence', 'Record a proven offence', 'Record offence');
  const code = offence.field('input.crimSec3Code', input.OffenceInput.crimSec3Code, { list: 'offence-codes', hint: 'Type a code or words of the offence to pick from the Home Office classification.' });
  const named = el('p', { className: 'hint', id: `${code.id}-named`, 'aria-live': 'polite' });
  code.parentElement!.insertBefore(named, code.nextSibling);
  code.addEventListener('input', () => {
    const found = session.categories.find((c) => c.code === codeOf(code.value));
    named.textContent = found ? `${found.code}: ${found.description} (${found.priority ? 'priority' : 'non-priority'})` : '';
  });
  offence.field('input.offenceDate', input.OffenceInput.offenceDate);
  offence.field('input.outcome', input.OffenceInput.outcome);
  offence.field('input.outcomeDate', input.OffenceInput.outcomeDate);
  offence.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = await submit(offence, 'mutation Offence($nominal: ID!, $input: OffenceInput!) { recordOffence(nominal: $nominal, input: $input) { id } }',
      { nominal: n.id, input: { crimSec3Code: codeOf(offence.value('input.crimSec3Code')), offenceDate: offence.value('input.offenceDate'), outcome: offence.value('input.outcome'), outcomeDate: offence.value('input.outcomeDate') } });
    if (data) await done('Offence recorded.');
  });
  result.push(offence);

  if (open) {
    const deselect = new HubForm(schema, 'deselect', 'De-select', 'De-select');
    deselect.field('input.endDate', input.DeselectionInput.endDate, { value: today() });
    deselect.field('input.reason', input.DeselectionInput.reason);
    deselect.field('input.note', input.DeselectionInput.note, { label: 'Note' });
    deselect.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = await submit(deselect, 'mutation Deselect($membership: ID!, $v: Int!, $input: DeselectionInput!) { deselect(membership: $membership, expectedVersion: $v, input: $input) { id endDate } }',
        { membership: open.id, v: open.version, input: { endDate: deselect.value('input.endDate'), reason: deselect.value('input.reason') || null, note: deselect.value('input.note') || null } });
      if (data) await done('De-selected.');
    });
    result.push(deselect);
  }
  return result;
}

/** `46 — Shoplifting` (picked from the list) → `46`. */
export const codeOf = (value: string | number | null) => String(value ?? '').split(' — ')[0].trim();
