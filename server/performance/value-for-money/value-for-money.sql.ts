/**
 * Value for money v1 counts for :partnershipId in the financial year [:yearStart, :yearEnd]:
 * memberships on the scheme at any time in the year, and the partnership's proven offences dated
 * in the year counted by unit cost (table :unitCostTable), one row per unit cost (one row, unit
 * cost null, when there are none), so their average cost is worked out from counts.
 */
export const VALUE_FOR_MONEY_SQL = `SELECT m.managed, k.unit_cost, k.offences
     FROM (SELECT COUNT(*) AS managed FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id
         WHERE n.partnership_id = :partnershipId AND m.start_date <= :yearEnd AND (m.end_date IS NULL OR m.end_date > :yearStart)) m
       LEFT JOIN (SELECT u.cost_pence AS unit_cost, COUNT(*) AS offences
         FROM offence o JOIN nominal n ON n.id = o.nominal_id JOIN crime_category c ON c.id = o.category_id
           JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
         WHERE n.partnership_id = :partnershipId AND o.offence_date >= :yearStart AND o.offence_date <= :yearEnd
         GROUP BY u.cost_pence) k ON 1 = 1
     ORDER BY k.unit_cost`;
