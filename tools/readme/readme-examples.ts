// The README's shell examples, read the way a reader reads them: a command (with its `\` continuation lines), then
// the `# ` lines under it, which show what it prints. `…` in those lines stands for what differs between machines.

export interface ReadmeExample {
  /** The command as written, continuation lines included. */
  command: string;
  /** What the README shows the command printing, one entry per line; empty when it shows nothing. */
  shows: string[];
  /** Its first line's number in the README, for messages. */
  line: number;
}

/** Every command of the README's ```sh blocks, in order. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  let inShellBlock = false;
  // The command that `# ` lines describe, and whether its last line ended with `\`; both end with their block.
  let last: ReadmeExample | undefined;
  let continues = false;
  for (const [index, line] of markdown.split('\n').entries()) {
    if (line.startsWith('```')) {
      inShellBlock = !inShellBlock && line.trim() === '```sh';
      last = undefined;
      continues = false;
    } else if (!inShellBlock || line.trim() === '') {
      continue;
    } else if (continues && last) {
      last.command += `\n${line}`;
    } else if (line.startsWith('#')) {
      last?.shows.push(line.replace(/^# ?/, ''));
    } else {
      last = { command: line, shows: [], line: index + 1 };
      examples.push(last);
    }
    continues = line.endsWith('\\');
  }
  return examples;
}

/**
 * What a command's output must look like to be what the README shows: `…` matches anything, and any run of
 * whitespace matches any other (the README shows JSON on one line, grpcurl prints it indented). `prefix` for a
 * stream, which shows only what it prints first.
 */
export function shownPattern(shows: readonly string[], options: { prefix?: boolean } = {}): RegExp {
  const body = shows
    .join('\n')
    .split(/(…|\s+)/)
    .map((part) => (part === '…' ? '.*' : /^\s+$/.test(part) ? '\\s*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^\\s*${body}${options.prefix ? '' : '\\s*$'}`, 's');
}

/** Output as the README shows it: JSON on one line without spaces, anything else as printed. */
export function compactOutput(output: string): string {
  try {
    return JSON.stringify(JSON.parse(output));
  } catch {
    return output;
  }
}
