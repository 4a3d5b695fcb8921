/**
 * The published actual vs predicted reoffending rows of :partnershipId as stored (hundredths); they
 * are ranked within the set the caller sees (reoffending-comparison.ts).
 */
export const REOFFENDING_COMPARISON_SQL = `SELECT local_authority, force, cohort_size, actual_rate_hundredths AS actual, predicted_rate_hundredths AS predicted,
       difference_percent_hundredths AS difference, published_rank_by_difference, published_rank_by_actual, note, source
     FROM published_reoffending WHERE partnership_id = :partnershipId ORDER BY actual_rate_hundredths, id`;
