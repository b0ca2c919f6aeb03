import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestedDataDir } from '../../electron/main/launch-options';

const cwd = path.resolve('/home/counter');

describe('choosing the desk’s data folder', () => {
  it('takes --data DIR and --data=DIR, relative to where the desk was started', () => {
    expect(requestedDataDir(['out/main/index.js', '--data', 'training'], {}, cwd)).toBe(
      path.join(cwd, 'training'),
    );
    expect(requestedDataDir(['--data=/srv/desk'], {}, cwd)).toBe(path.resolve('/srv/desk'));
  });

  it('prefers the command line over SPORTELLO_DATA_DIR', () => {
    const env = { SPORTELLO_DATA_DIR: '/var/lib/sportello' };
    expect(requestedDataDir(['--data', 'here'], env, cwd)).toBe(path.join(cwd, 'here'));
    expect(requestedDataDir([], env, cwd)).toBe(path.resolve('/var/lib/sportello'));
  });

  it('leaves the choice to the app when nothing is asked, or --data has no folder', () => {
    expect(requestedDataDir([], {}, cwd)).toBeUndefined();
    expect(requestedDataDir(['--data'], {}, cwd)).toBeUndefined();
    expect(requestedDataDir(['--data', '--inspect'], {}, cwd)).toBeUndefined();
  });
});
