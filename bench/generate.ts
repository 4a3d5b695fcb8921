/**
 * A deterministic national-size data set for the benchmark: the schema is made by the hub's own
 * migrations, then rows are bulk-inserted with prepared statements in transactions (the services
 * would take hours at M). Skewed like the real thing: a few large partnerships and many small
 * (Zipf), most offences from few nominals, dates over ten years.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { openDatabase } from '../server/database/database.js';
import { seededRandom, addDays } from '../server/demo/cohort-generator.js';
import { CRIMSEC3_TABLE, DEMO_UNIT_COSTS } from '../server/demo/cohort-demo-data.js';
import { financialYearStarting } from '../server/financial-year/financial-year.js';

export interface Scale {
  name: string;
  forces: number;
  partnerships: number;
  nominals: number;
  offences: number;
}

export const SCALES: Record<string, Scale> = {
  /** A smaller S-shaped set for the CI smoke test. */
  XS: { name: 'XS', forces: 5, partnerships: 12, nominals: 2_000, offences: 20_000 },
  S: { name: 'S', forces: 10, partnerships: 40, nominals: 10_000, offences: 100_000 },
  M: { name: 'M', forces: 43, partnerships: 300, nominals: 100_000, offences: 2_000_000 },
  L: { name: 'L', forces: 43, partnerships: 300, nominals: 1_000_000, offences: 20_000_000 },
};

export const FIRST_DAY = '2013-01-01';
export const LAST_DAY = '2022-12-31';
export const FIRST_YEAR = 2012;
export const LAST_YEAR = 2022;
export const UNIT_COST_TABLE = DEMO_UNIT_COSTS[0].tableVersion;
const DAYS = 3651;
/** Datetimes as the hub stores them: milliseconds since 1970. */
const NOW = Date.UTC(2023, 0, 1);

export const partnershipCode = (i: number) => `p${String(i + 1).padStart(3, '0')}`;

/** Sizes proportional to 1/rank (Zipf, s = 1), summing exactly to `total`, each at least `min`. */
export function zipfSizes(count: number, total: number, min = 1): number[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(min, Math.floor((w / sum) * total)));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; left !== 0; i = (i + 1) % count) {
    if (left > 0) { sizes[i]++; left--; } else if (sizes[i] > min) { sizes[i]--; left++; }
  }
  return sizes;
}

export interface GenerateResult {
  file: string;
  rows: Record<string, number>;
  seconds: number;
}

export async function generate(file: string, scale: Scale, { seed = 7, log = console.log }: { seed?: number; log?: (line: string) => void } = {}): Promise<GenerateResult> {
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}` });
  await orm.close();

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -200000');
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const rows: Record<string, number> = {};
  let batchStart = Date.now();
  let batchRows = 0;
  const progress = (label: string) => {
    const seconds = (Date.now() - batchStart) / 1000;
    log(`  ${label.padEnd(22)} ${String(batchRows).padStart(10)} rows  ${Math.round(batchRows / Math.max(seconds, 0.001)).toLocaleString('en-GB').padStart(10)} rows/s`);
    batchStart = Date.now();
    batchRows = 0;
  };
  const insert = (table: string, columns: string[]) => {
    const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    return (...values: unknown[]): number => {
      rows[table] = (rows[table] ?? 0) + 1;
      batchRows++;
      return Number(statement.run(...values).lastInsertRowid);
    };
  };

  // Reference data and years.
  db.transaction(() => {
    const year = insert('financial_year', ['label', 'start_date', 'end_date']);
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) { const fy = financialYearStarting(y); year(fy.label, fy.startDate, fy.endDate); }
    const category = insert('crime_category', ['code', 'description', 'banding', 'crime_group', 'priority', 'source']);
    for (const c of CRIMSEC3_TABLE) category(c.code, c.description, c.banding, c.crimeGroup, c.priority ? 1 : 0, c.source ?? null);
    category('105A', 'Assault without injury', 'Violence', 'Non-priority', 0, 'benchmark');
    category('49', 'Other theft', 'Theft', 'Non-priority', 0, 'benchmark');
    const cost = insert('unit_cost_of_crime', ['table_version', 'banding', 'cost_pence', 'source']);
    for (const c of DEMO_UNIT_COSTS) cost(c.tableVersion, c.banding, Math.round(c.cost * 100), c.source);
  })();
  progress('reference');
  const categoryCount = CRIMSEC3_TABLE.length + 2;

  // Partnerships, agencies, hubs, finance.
  const sizes = zipfSizes(scale.partnerships, scale.nominals, 5);
  const agenciesOf: number[][] = [];
  const hubsOf: number[][] = [];
  db.transaction(() => {
    const partnership = insert('partnership', ['code', 'name', 'region', 'governance_board', 'source']);
    const agency = insert('agency', ['partnership_id', 'code', 'name', 'kind']);
    const hub = insert('hub', ['partnership_id', 'name']);
    const line = insert('establishment_line', ['version', 'updated_at', 'partnership_id', 'year_label', 'position', 'grade', 'kind', 'employing_agency_id', 'fte_hundredths', 'budget_pence', 'on_cost_basis_points', 'abatement_basis_points', 'budget_basis', 'notes', 'source']);
    const nonPay = insert('non_pay_line', ['version', 'updated_at', 'partnership_id', 'year_label', 'category', 'description', 'quantity', 'unit_cost_pence', 'amount_pence', 'notes', 'source']);
    const agreement = insert('cost_share_agreement', ['version', 'updated_at', 'partnership_id', 'year_label', 'basis', 'status', 'agreed_at', 'notes', 'source']);
    const entry = insert('cost_share_entry', ['agreement_id', 'agency_id', 'position', 'weight']);
    const stream = insert('funding_stream', ['version', 'updated_at', 'partnership_id', 'funder', 'purpose', 'amount_agreed_pence', 'amount_expected_pence', 'from_year_label', 'to_year_label', 'end_date', 'certainty', 'notes', 'source']);
    const risk = insert('funding_risk', ['version', 'updated_at', 'partnership_id', 'year_label', 'title', 'description', 'exposure_pence', 'certainty', 'likelihood', 'owner', 'mitigation', 'source']);
    const ratio = insert('staffing_ratio', ['partnership_id', 'caseload', 'grade', 'fte_hundredths', 'per_nominals', 'source']);
    const target = insert('cohort_target', ['partnership_id', 'baseline', 'baseline_date', 'target', 'target_date', 'notes', 'source']);
    const option = insert('appraisal_option', ['version', 'updated_at', 'partnership_id', 'programme', 'option', 'title', 'description', 'cost_pence', 'saving_pence', 'saving_percent_hundredths', 'status', 'reason', 'notes', 'source']);
    const GRADES = ['Police officer', 'Offender manager', 'Police staff', 'Drug worker', 'Housing officer'];
    const CERTAINTIES = ['CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING'];
    for (let p = 0; p < scale.partnerships; p++) {
      const code = partnershipCode(p);
      const force = p % scale.forces;
      const id = partnership(code, `Partnership ${p + 1}`, `Force ${force + 1}`, `Board ${p + 1}`, 'benchmark');
      const agencies = [
        agency(id, 'police', `Force ${force + 1} Police`, 'POLICE'),
        agency(id, 'probation', `Probation ${p + 1}`, 'NPS'),
        agency(id, 'crc', `CRC ${p + 1}`, 'CRC'),
        agency(id, 'council', `Council ${p + 1}`, 'LOCAL_AUTHORITY'),
      ];
      agenciesOf.push(agencies);
      hubsOf.push(Array.from({ length: 1 + (sizes[p] > 1000 ? 3 : sizes[p] > 200 ? 1 : 0) }, (_, h) => hub(id, `Hub ${h + 1}`)));
      for (const [g, grade] of GRADES.slice(0, 3).entries()) ratio(id, 'CRC', grade, int(50, 200), int(10, 40) + g, 'benchmark');
      target(id, sizes[p], '2018-04-01', Math.round(sizes[p] * 1.2), '2020-03-31', null, 'benchmark');
      for (let o = 1; o <= 3; o++) option(1, NOW, id, 'Programme', o, `Option ${o}`, null, int(1e6, 5e7), int(1e5, 5e6), int(100, 3000), o === 1 ? 'PREFERRED' : 'DISCOUNTED', o === 1 ? null : 'Cost', null, 'benchmark');
      for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
        const label = financialYearStarting(y).label;
        for (let l = 0; l < GRADES.length; l++)
          line(1, NOW, id, label, l + 1, GRADES[l], 'POST', agencies[l % agencies.length], int(100, 2000), int(3e6, 9e7), 2500, l % 2 ? 300 : null, 'benchmark budget', null, 'benchmark');
        nonPay(1, NOW, id, label, 'VEHICLES', 'Pool cars', 2, 1_200_000, 2_400_000, null, 'benchmark');
        nonPay(1, NOW, id, label, 'PREMISES', 'Hub office', null, null, int(1e6, 5e6), null, 'benchmark');
        const status = y < LAST_YEAR ? 'AGREED' : 'DRAFT';
        const a = agreement(1, NOW, id, label, 'FIXED_PERCENTAGES', status, status === 'AGREED' ? Date.UTC(y, 4, 1) : null, null, 'benchmark');
        const weights = [4000, 3000, 2000, 1000];
        for (const [i, ag] of agencies.entries()) entry(a, ag, i + 1, weights[i]);
        stream(1, NOW, id, 'Police and Crime Commissioner', 'Core', int(1e7, 9e7), null, label, label, null, 'CONFIRMED', null, 'benchmark');
        stream(1, NOW, id, 'Home Office', 'Innovation', null, int(1e6, 9e6), label, label, null, pick(CERTAINTIES), null, 'benchmark');
        risk(1, NOW, id, label, 'Grant may end', null, int(1e5, 5e6), pick(CERTAINTIES), pick(['LOW', 'MEDIUM', 'HIGH']), 'Manager', null, 'benchmark');
        risk(1, NOW, id, label, 'Partner may withdraw', 'A partner reviews its contribution', null, 'UNCERTAIN', null, null, null, 'benchmark');
      }
    }
  })();
  progress('partnerships, finance');

  // Nominals with one referral each; accepted ones a membership and quarterly reviews.
  const GENDERS = ['MALE', 'MALE', 'MALE', 'MALE', 'MALE', 'MALE', 'MALE', 'MALE', 'FEMALE', 'NOT_KNOWN'];
  const AGE_BANDS = ['18-24', '25-34', '25-34', '35-44', '45+'];
  const ETHNICITIES = ['White', 'White', 'White', 'Black', 'Asian', 'Mixed', 'Other'];
  const STATUTORY = ['NPS', 'CRC', 'NON_STATUTORY'];
  const RAG = ['RED', 'AMBER', 'GREEN', 'GREEN', 'IN_PRISON'];
  const REASONS = ['OFFENCE_FREE_YEAR', 'MOVED_OUT_OF_AREA', 'ACCEPTED_BY_MAPPA', 'OTHER'];
  const nominalStart: string[] = [];
  const firstNominal = 1;
  const nominal = insert('nominal', ['version', 'updated_at', 'partnership_id', 'reference', 'gender', 'age_band', 'ethnicity', 'local_authority', 'hub_id', 'statutory_status', 'needs', 'domestic_abuse_perpetrator', 'registered_sex_offender']);
  const referral = insert('referral', ['version', 'updated_at', 'nominal_id', 'agency_id', 'referral_date', 'matrix_score', 'orgs_score', 'index_offence_id', 'panel_date', 'decision', 'decision_note']);
  const membership = insert('membership', ['version', 'updated_at', 'nominal_id', 'referral_id', 'start_date', 'end_date', 'deselection_reason', 'deselection_note']);
  const review = insert('status_review', ['version', 'updated_at', 'membership_id', 'review_date', 'status', 'note']);
  const CHUNK = 5_000;
  let made = 0;
  for (let p = 0; p < scale.partnerships; p++) {
    for (let from = 0; from < sizes[p]; from += CHUNK) {
      db.transaction(() => {
        for (let k = from; k < Math.min(sizes[p], from + CHUNK); k++) {
          const referred = addDays(FIRST_DAY, int(0, DAYS - 400));
          const id = nominal(1, NOW, p + 1, `${partnershipCode(p)}-${String(k + 1).padStart(6, '0')}`, pick(GENDERS), pick(AGE_BANDS), pick(ETHNICITIES),
            `Area ${int(1, 4)}`, pick(hubsOf[p]), pick(STATUTORY), '["ACCOMMODATION"]', random() < 0.2 ? 1 : 0, random() < 0.03 ? 1 : 0);
          made++;
          const accepted = random() < 0.85;
          const panel = addDays(referred, int(7, 30));
          const r = referral(1, NOW, id, pick(agenciesOf[p]), referred, int(20, 90), int(30, 95), int(1, categoryCount), panel, accepted ? 'ACCEPTED' : 'DECLINED', null);
          nominalStart[id - firstNominal] = accepted ? panel : '';
          if (!accepted) continue;
          const ends = random() < 0.6;
          const end = ends ? addDays(panel, int(90, 1500)) : null;
          const endDate = end && end < LAST_DAY ? end : null;
          const m = membership(1, NOW, id, r, panel, endDate, endDate ? pick(REASONS) : null, null);
          const stop = endDate ?? LAST_DAY;
          for (let d = addDays(panel, int(20, 60)); d <= stop; d = addDays(d, int(70, 120))) review(1, NOW, m, d, pick(RAG), null);
        }
      })();
    }
  }
  progress('nominals, referrals…');

  // Offences: each nominal's share is Pareto-skewed, so a fifth of the nominals commit most of them.
  const weights = new Float64Array(made);
  let sum = 0;
  for (let i = 0; i < made; i++) { weights[i] = Math.pow(1 - random(), -1 / 1.16) ; sum += weights[i]; }
  const offence = insert('offence', ['version', 'updated_at', 'nominal_id', 'category_id', 'offence_date', 'outcome', 'outcome_date']);
  let placed = 0;
  let carry = 0;
  const txBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to && placed < scale.offences; i++) {
      carry += (weights[i] / sum) * scale.offences;
      let n = Math.floor(carry);
      carry -= n;
      if (i === made - 1) n = scale.offences - placed;
      n = Math.min(n, scale.offences - placed);
      const start = nominalStart[i];
      for (let k = 0; k < n; k++) {
        // Most of a member's offences cluster around joining (before, during and after).
        const date = start && random() < 0.7 ? clampDay(addDays(start, int(-730, 900))) : addDays(FIRST_DAY, int(0, DAYS - 1));
        offence(1, NOW, i + firstNominal, int(1, categoryCount), date, random() < 0.8 ? 'CONVICTION' : 'CAUTION', clampDay(addDays(date, int(10, 200))));
      }
      placed += n;
    }
  });
  for (let i = 0; i < made; i += 2_000) txBatch(i, Math.min(made, i + 2_000));
  progress('offences');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  const seconds = (Date.now() - started) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  log(`  ${'total'.padEnd(22)} ${String(total).padStart(10)} rows  ${Math.round(total / seconds).toLocaleString('en-GB').padStart(10)} rows/s  (${seconds.toFixed(1)} s)`);
  return { file, rows, seconds };
}

const clampDay = (date: string) => (date < FIRST_DAY ? FIRST_DAY : date > LAST_DAY ? LAST_DAY : date);
