import { describe, expect, it } from 'vitest';
import { partActions, stockPermissions } from '../../renderer/src/screens/stock/permissions';

describe('what the parts screen offers', () => {
  it('lets a manager edit the catalogue at the head office only; stock is corrected anywhere', () => {
    const atHeadOffice = stockPermissions(['manager'], 'head_office');
    expect(partActions(atHeadOffice)).toEqual(['receive', 'adjust', 'history', 'edit']);
    for (const kind of ['reception', 'workshop_own', 'workshop_partner'] as const) {
      const atBranch = stockPermissions(['manager'], kind);
      expect(atBranch).toEqual({ receive: true, adjust: true, editCatalogue: false });
      expect(partActions(atBranch)).toEqual(['receive', 'adjust', 'history']);
    }
  });

  it('follows the roles the desk accepts for each method', () => {
    expect(partActions(stockPermissions(['receptionist'], 'head_office'))).toEqual([
      'receive',
      'history',
    ]);
    expect(partActions(stockPermissions(['technician'], 'workshop_own'))).toEqual([
      'receive',
      'history',
    ]);
    // An accountant reads stock; booking a delivery is not theirs (receiveStock refuses them).
    expect(partActions(stockPermissions(['accountant'], 'head_office'))).toEqual(['history']);
    expect(stockPermissions(['receptionist', 'admin'], 'head_office').editCatalogue).toBe(true);
  });
});
