/**
 * Splits a command string into words as the docker CLI does for `command:` and `entrypoint:` given
 * as a string (github.com/google/shlex): whitespace separates words; '…' quotes literally; "…" quotes
 * with backslash escapes; a backslash outside quotes escapes the next character; a `#` at the start of
 * a word begins a comment that runs to the end of the line. No variables, globs or operators: the
 * words go to the Engine as they are, with no shell in between.
 */
export function splitShellWords(text: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let word: string | undefined; // undefined: between words
  let i = 0;
  const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
  while (i < text.length) {
    const c = text[i];
    if (word === undefined) {
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === "#") {
        // A comment: skip to the end of the line.
        while (i < text.length && text[i] !== "\n") i++;
        continue;
      }
      word = "";
    }
    if (isSpace(c)) {
      words.push(word);
      word = undefined;
      i++;
    } else if (c === "\\") {
      if (i + 1 >= text.length) return { error: "the command ends with an escape character (\\)" };
      word += text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: "a quote (') is not closed" };
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return { error: 'a quote (") is not closed' };
        const q = text[i];
        if (q === '"') break;
        if (q === "\\") {
          if (i + 1 >= text.length) return { error: 'a quote (") is not closed' };
          word += text[i + 1];
          i += 2;
        } else {
          word += q;
          i++;
        }
      }
      i++;
    } else {
      word += c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return { words };
}
