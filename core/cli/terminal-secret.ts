/**
 * Asks for a password or PIN on the terminal without echoing it: raw mode, characters collected
 * until Enter, Backspace honoured, Ctrl-C cancels. The prompt goes to stderr so stdout stays JSON.
 */
export function readSecretFromTerminal(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  // Echo goes off before the prompt shows: whatever is typed once it is seen is never echoed.
  stdin.setRawMode(true);
  stderr.write(prompt);
  stdin.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    function onData(chunk: Buffer) {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    }
    stdin.on('data', onData);
  });
}
