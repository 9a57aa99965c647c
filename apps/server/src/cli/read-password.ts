import readline from 'node:readline'

/**
 * Reads a password from stdin: the first line when piped, or typed without echo on a terminal.
 * Passwords never come from argv (visible in `ps` and shell history).
 */
export async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of input) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  const rl = readline.createInterface({ input, output: process.stderr, terminal: true })
  process.stderr.write(prompt)
  // Swallow the echo of every key typed.
  const mutable = rl as unknown as { _writeToOutput: (s: string) => void }
  mutable._writeToOutput = () => {}
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve))
  } finally {
    rl.close()
    process.stderr.write('\n')
  }
}
