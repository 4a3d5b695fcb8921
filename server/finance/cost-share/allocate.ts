/**
 * Splits a total in pence between partners in proportion to their weights, so that the parts add
 * up to the total exactly. Each part gets the floor of its exact quota; the pence left over go one
 * each to the parts with the largest remainders (ties: the larger weight, then the earlier part).
 * Weights are integers (basis points, hundredths of an FTE, head counts); arithmetic is BigInt.
 */
export function allocateByLargestRemainder(totalPence: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalPence) || totalPence < 0) throw new RangeError(`total must be a whole, non-negative number of pence, got ${totalPence}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be whole, non-negative numbers');
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) {
    if (totalPence === 0) return weights.map(() => 0);
    throw new RangeError('cannot share a non-zero total when every weight is zero');
  }
  const total = BigInt(totalPence);
  const parts = weights.map((w, index) => {
    const exact = total * BigInt(w);
    return { index, weight: BigInt(w), floor: exact / weightSum, remainder: exact % weightSum };
  });
  let leftOver = total - parts.reduce((sum, p) => sum + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder !== b.remainder ? (b.remainder > a.remainder ? 1 : -1)
      : a.weight !== b.weight ? (b.weight > a.weight ? 1 : -1)
        : a.index - b.index,
  );
  const result = parts.map((p) => p.floor);
  for (const part of order) {
    if (leftOver === 0n) break;
    result[part.index] += 1n;
    leftOver -= 1n;
  }
  return result.map(Number);
}
