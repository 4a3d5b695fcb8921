import { describe, expect, it } from 'vitest';
import { partnershipScope } from './partnership-scope.js';

describe('partnershipScope', () => {
  it('lets a caller who sees every partnership see them all', () => {
    expect(partnershipScope({ partnershipIds: 'ALL' }, 'n.partnership_id')).toEqual({ where: '1 = 1', params: {} });
  });

  it('limits a token to its own partnerships, and to none when it has none', () => {
    expect(partnershipScope({ partnershipIds: [2, 4] }, 'p.id')).toEqual({ where: 'p.id IN (:scopePartnershipIds)', params: { scopePartnershipIds: [2, 4] } });
    expect(partnershipScope({ partnershipIds: [] }, 'p.id')).toEqual({ where: '1 = 0', params: {} });
  });

  it('narrows to the partnerships asked for, whatever else the caller sees', () => {
    expect(partnershipScope({ partnershipIds: 'ALL' }, 'n.partnership_id', [3])).toEqual({ where: 'n.partnership_id IN (:scopePartnershipIds)', params: { scopePartnershipIds: [3] } });
  });
});
