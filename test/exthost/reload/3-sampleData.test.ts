// Restart suite, phase 3 of 3: a window that was browsing sample data comes back to it.
import * as assert from 'node:assert/strict';
import { waitFor } from '../helpers';
import { sampleData, statusBarText, waitForContracts, welcomeShown } from './reloadSupport';

describe('restart, after: sample data', () => {
  it('shows the sample contracts again, not the signed-out welcome', async () => {
    await waitForContracts(sampleData, 'the sample contracts after the restart');
    assert.equal(await welcomeShown(), false, 'the signed-out welcome is on screen');
  });

  it('says Sample data in the status bar', async () => {
    let text = '';
    await waitFor(async () => /sample data/i.test((text = await statusBarText())), 15_000, `"Sample data" in the status bar (it says "${text}")`);
  });
});
