/** A failed approval click sends the approver to the card first, and names an unreachable storage. */
import { clickFailedText } from '../../../../src/teams/handlers/approve-feature';

describe('clickFailedText', () => {
  it('names the storage when storage could not be reached', () => {
    const text = clickFailedText('ref-1', 'storage');
    expect(text).toMatch(/^Sorry! I could not reach my storage just now\. Please check the card/);
    expect(text).toMatch(/reference: ref-1$/);
  });

  it('stays general for any other failure, with the reference', () => {
    const text = clickFailedText('ref-2', 'unexpected');
    expect(text).toMatch(/^Something went wrong on my side\. Please check the card in the approvals channel/);
    expect(text).toMatch(/reference: ref-2$/);
  });
});
